using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A voice caller on /media/pcm (16 kHz), as the softphone or an app is: the line carries audio at real time all along
/// (faint noise, or a tone while the caller "speaks"), keys are pressed as DTMF events, and what comes back is kept: the
/// events (started, transcript, reply, …) and how much of the bot's audio arrived.
/// </summary>
public sealed class PcmCaller : IAsyncDisposable
{
    private const int Rate = 16000;
    private const int Frame = Rate / 50;
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonElement> _events = [];
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _streaming = Task.CompletedTask;
    private long _botBytes;
    private volatile int _speakFrames;

    public string CallId { get; private set; } = "";

    /// <summary>Bytes of the bot's audio received so far.</summary>
    public long BotAudioBytes => Interlocked.Read(ref _botBytes);

    /// <summary>The bot's replies so far (the greeting first).</summary>
    public IReadOnlyList<string> Replies => Texts("reply");

    public bool Closed => _receiving.IsCompleted;

    /// <summary>The error events the engine sent (a refused call's busy answer has <c>status</c> 503 and <c>retryAfter</c>).</summary>
    public IReadOnlyList<JsonElement> Errors => Events("error");

    /// <summary>How the engine closed the line, once <see cref="Closed"/>.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseReason => _socket.CloseStatusDescription;

    /// <summary>Calls through the Gateway <paramref name="http"/> points at, with a PCM ticket its credentials get.</summary>
    public static async Task<PcmCaller> CallAsync(HttpClient http)
    {
        var caller = await DialAsync(http);
        if (caller.CallId.Length == 0)
        {
            await caller.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"the call was not started: {string.Join(" ", caller.Errors)} (closed: {caller.CloseStatus} {caller.CloseReason})");
        }

        return caller;
    }

    /// <summary>
    /// As <see cref="CallAsync"/>, but returns when the engine refuses the call too: then <see cref="CallId"/> is empty
    /// and <see cref="Errors"/>, <see cref="CloseStatus"/> and <see cref="CloseReason"/> say how it was refused.
    /// </summary>
    public static async Task<PcmCaller> DialAsync(HttpClient http)
    {
        var caller = new PcmCaller();
        await caller._socket.ConnectAsync(await ApiHostFixture.PcmUrlAsync(http, Rate), CancellationToken.None);
        caller._receiving = Task.Run(caller.ReceiveAsync);
        await caller.SendTextAsync("""{"type":"start","language":"en"}""");
        await WaitAsync(() => caller.Texts("started").Count > 0 || caller.Closed, TimeSpan.FromSeconds(30));
        if (caller.Events("started") is [var started])
        {
            caller.CallId = started.GetProperty("callId").GetString()!;
            caller._streaming = Task.Run(caller.StreamAsync);
        }

        return caller;
    }

    /// <summary>Presses the keys and waits for the bot's reply to them; returns it once its audio started arriving.</summary>
    public async Task<string> PressAsync(string keys) => (await TryPressAsync(keys, TimeSpan.FromSeconds(60)))
        ?? throw new Xunit.Sdk.XunitException($"no reply to the keys {keys} within 60 s");

    /// <summary>As <see cref="PressAsync"/>, but null when no reply came within <paramref name="wait"/> (the turn was lost).</summary>
    public Task<string?> TryPressAsync(string keys, TimeSpan wait) => TurnAsync(async () =>
    {
        foreach (var key in keys)
        {
            await SendTextAsync($$"""{"type":"dtmf","digit":"{{key}}"}""");
        }
    }, wait);

    /// <summary>Speaks for <paramref name="seconds"/> (a tone on the line) and waits for the reply to it.</summary>
    public async Task<string> SpeakAsync(double seconds) => await TurnAsync(() =>
    {
        _speakFrames = (int)(seconds * 50);
        return Task.CompletedTask;
    }, TimeSpan.FromSeconds(60)) ?? throw new Xunit.Sdk.XunitException("no reply to the caller's words within 60 s");

    public async Task HangUpAsync()
    {
        await SendTextAsync("""{"type":"hangup"}""");
        await _receiving.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private async Task<string?> TurnAsync(Func<Task> say, TimeSpan wait)
    {
        var replies = Texts("reply").Count;
        var audio = BotAudioBytes;
        await say();
        var deadline = DateTime.UtcNow + wait;
        while (Texts("reply").Count == replies && !Closed)
        {
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(20);
        }

        Assert.False(Closed, "the line closed");
        await WaitAsync(() => BotAudioBytes > audio, TimeSpan.FromSeconds(30)); // the reply is heard, not just written
        return Texts("reply")[replies];
    }

    private List<JsonElement> Events(string type)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.GetProperty("type").GetString() == type)];
        }
    }

    private List<string> Texts(string type) => [.. Events(type).Select(e => e.TryGetProperty("text", out var t) ? t.GetString()! : "")];

    private async Task SendTextAsync(string text)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>20 ms frames on an absolute schedule: faint noise, or a 300 Hz tone while speaking.</summary>
    private async Task StreamAsync()
    {
        var noise = new Random(7);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bytes = new byte[Frame * 2];
        try
        {
            for (long sent = 1; !_stop.IsCancellationRequested && _socket.State == WebSocketState.Open; sent++)
            {
                var speaking = _speakFrames > 0;
                for (var i = 0; i < Frame; i++)
                {
                    var sample = speaking ? 8000 * Math.Sin(2 * Math.PI * 300 * (sent * Frame + i) / Rate) : noise.Next(-60, 61);
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (short)sample);
                }

                if (speaking)
                {
                    _speakFrames--;
                }

                await _send.WaitAsync();
                try
                {
                    await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
                }
                finally
                {
                    _send.Release();
                }

                var due = TimeSpan.FromMilliseconds(20 * sent) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Interlocked.Add(ref _botBytes, result.Count);
                    continue;
                }

                var json = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
                lock (_events)
                {
                    _events.Add(json);
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the voice call");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _streaming;
        _socket.Dispose();
        _stop.Dispose();
        _send.Dispose();
    }
}
