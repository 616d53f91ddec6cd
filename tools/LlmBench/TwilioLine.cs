using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Audio;

namespace CallCenter.LlmBench;

/// <summary>
/// The caller's end of one Twilio Media Stream, as Twilio plays it: connected, start, then a media message every
/// 20 ms (faint line noise) for the whole call, keypad presses as dtmf messages in between, stop at the end. Notes
/// when the bot's audio (its media messages) arrives. One task sends, one receives.
/// </summary>
public sealed class TwilioLine : IAsyncDisposable
{
    private static readonly string[] Noise = MakeNoise();

    private readonly ClientWebSocket _socket;
    private readonly Channel<char> _keys = Channel.CreateUnbounded<char>();
    private readonly CancellationTokenSource _hangUp = new();
    private readonly string _streamSid = "MZ" + Guid.NewGuid().ToString("N");
    private readonly string _callSid;
    private Task _sending = Task.CompletedTask;
    private Task _receiving = Task.CompletedTask;
    private int _sequence;
    private long _lastBotAudio;
    private long _firstReplyAudio;
    private long _keySent;
    private volatile bool _awaitingReply;

    private TwilioLine(string callSid, ClientWebSocket socket) => (_callSid, _socket) = (callSid, socket);

    /// <summary>
    /// The call comes in as Twilio brings it: the voice webhook (an English line), then the signed stream, connected and
    /// start. The engine checks Twilio's signatures with TWILIO_AUTH_TOKEN, its Twilio:AuthToken (benchmark.sh sets both).
    /// </summary>
    public static async Task<TwilioLine> ConnectAsync(Uri silo, string callSid, int seed)
    {
        var twilio = new TwilioCarrier(silo, Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN") ?? "");
        var order = await twilio.AnswerAsync(callSid, language: "en");
        var line = new TwilioLine(callSid, await twilio.ConnectAsync(order));
        await line.SendAsync(TwilioCarrier.ConnectedMessage);
        await line.SendAsync(TwilioCarrier.StartMessage(order, line._streamSid, ++line._sequence));
        line._sending = Task.Run(() => line.SendLoopAsync(seed));
        line._receiving = Task.Run(line.ReceiveLoopAsync);
        return line;
    }

    /// <summary>Waits until the bot has spoken (the greeting, or the last reply) and then been quiet for <paramref name="quiet"/>.</summary>
    public async Task WaitQuietAsync(TimeSpan quiet)
    {
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline
            && (Interlocked.Read(ref _lastBotAudio) == 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastBotAudio)) < quiet))
        {
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Presses the digits then '#', 100 ms apart, and waits for the first frame of the bot's reply. Returns when '#'
    /// went out and when the reply's first frame came in (0 if none came within <paramref name="timeout"/>).
    /// </summary>
    public async Task<(long KeyPressed, long FirstAudio)> TypeAsync(string digits, TimeSpan timeout)
    {
        foreach (var key in digits)
        {
            await PressAsync(key);
            await Task.Delay(100);
        }

        Interlocked.Exchange(ref _firstReplyAudio, 0);
        Interlocked.Exchange(ref _keySent, 0);
        _awaitingReply = true;
        await PressAsync('#');
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref _firstReplyAudio) == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5);
        }

        _awaitingReply = false;
        return (Interlocked.Read(ref _keySent), Interlocked.Read(ref _firstReplyAudio));
    }

    private Task PressAsync(char key) => _keys.Writer.WriteAsync(key).AsTask();

    /// <summary>One media message every 20 ms; keypad presses go out between them, as they are pressed.</summary>
    private async Task SendLoopAsync(int seed)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var frame = seed;
        var timestamp = 0L;
        try
        {
            while (await tick.WaitForNextTickAsync(_hangUp.Token))
            {
                while (_keys.Reader.TryRead(out var key))
                {
                    await SendAsync(string.Create(CultureInfo.InvariantCulture,
                        $$$"""{"event":"dtmf","streamSid":"{{{_streamSid}}}","sequenceNumber":"{{{++_sequence}}}","dtmf":{"track":"inbound_track","digit":"{{{key}}}"}}"""));
                    if (key == '#')
                    {
                        Interlocked.Exchange(ref _keySent, Stopwatch.GetTimestamp());
                    }
                }

                await SendAsync(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"event":"media","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{_streamSid}}}","media":{"track":"inbound","chunk":"{{{frame}}}","timestamp":"{{{timestamp}}}","payload":"{{{Noise[frame++ % Noise.Length]}}}"}}"""));
                timestamp += 20;
            }
        }
        catch (OperationCanceledException) when (_hangUp.IsCancellationRequested)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                var now = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                // The engine's messages are small and whole, with the event name first.
                if (buffer.AsSpan(0, Math.Min(result.Count, 40)).IndexOf("\"event\":\"media\""u8) < 0)
                {
                    continue;
                }

                Interlocked.Exchange(ref _lastBotAudio, now);
                if (_awaitingReply)
                {
                    Interlocked.CompareExchange(ref _firstReplyAudio, now, 0);
                }
            }
        }
        catch (WebSocketException)
        {
            // The engine closed the stream.
        }
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>A second of faint noise (±100 of full scale) as μ-law frames, base64: what an open phone line carries.</summary>
    private static string[] MakeNoise()
    {
        var random = new Random(7);
        var pcm = new short[160];
        var mulaw = new byte[160];
        return [.. Enumerable.Range(0, 50).Select(_ =>
        {
            for (var i = 0; i < pcm.Length; i++) pcm[i] = (short)random.Next(-100, 101);
            G711.PcmToMuLaw(pcm, mulaw);
            return Convert.ToBase64String(mulaw);
        })];
    }

    public async ValueTask DisposeAsync()
    {
        await _hangUp.CancelAsync();
        await _sending;
        try
        {
            await SendAsync($$$"""{"event":"stop","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{_streamSid}}}","stop":{"accountSid":"AC{{{new string('0', 32)}}}","callSid":"{{{_callSid}}}"}}""");
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or InvalidOperationException)
        {
            // The engine closes the stream itself once the call has ended.
        }

        _socket.Dispose();
        _hangUp.Dispose();
    }
}
