using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Voice;

/// <summary>
/// The other two media protocols end to end with real speech at real time: Asterisk AudioSocket (16-bit PCM at
/// 8 kHz over TCP) and the app/browser PCM WebSocket at 16 kHz.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AudioSocketAndPcmVoiceTests(ApiHostFixture host)
{
    private static readonly Random LineNoise = new(11);

    [Fact]
    public async Task An_asterisk_call_over_audiosocket_is_heard_and_answered()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", host.AudioSocketPort);
        var stream = tcp.GetStream();
        var callId = Guid.NewGuid();
        await using var writer = new AudioSocketFrameWriter(stream);
        long botBytes = 0;
        var hungUp = false;

        // Frames the engine sends Asterisk: audio and hangup, no UUID (that direction's reader insists on one first).
        var receiving = Task.Run(async () =>
        {
            var header = new byte[3];
            try
            {
                while (true)
                {
                    await stream.ReadExactlyAsync(header);
                    var payload = new byte[(header[1] << 8) | header[2]];
                    await stream.ReadExactlyAsync(payload);
                    if (header[0] == (byte)AudioSocketKind.Audio)
                    {
                        Interlocked.Add(ref botBytes, payload.Length);
                    }
                    else if (header[0] == (byte)AudioSocketKind.Hangup)
                    {
                        hungUp = true;
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is EndOfStreamException or IOException)
            {
            }
        });

        await writer.WriteUuidAsync(callId);
        await WaitAsync(() => Interlocked.Read(ref botBytes) > 8000, TimeSpan.FromSeconds(20)); // the greeting plays
        await StreamAsync(pcm => writer.WriteAudioAsync(pcm).AsTask(), CallerAudio.Silence(8000, 9.0), 8000); // let it finish

        var api = new ChatApi(host.Http);
        await StreamAsync(pcm => writer.WriteAudioAsync(pcm).AsTask(), CallerAudio.Say("where is my order", 8000), 8000);
        await StreamAsync(pcm => writer.WriteAudioAsync(pcm).AsTask(), CallerAudio.Silence(8000, 0.8), 8000);
        await writer.WriteDtmfAsync('1');
        foreach (var key in "003#")
        {
            await writer.WriteDtmfAsync(key);
        }

        await WaitAsync(() => api.GetAsync(callId.ToString("D")).Result.Turns.Any(t => t.Text.Contains("A1003") && t.Speaker == Speaker.Bot), TimeSpan.FromSeconds(20));
        var record = await api.GetAsync(callId.ToString("D"));
        Assert.Equal(CallChannel.Voice, record.Channel);
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.Caller && t.Text.Contains("order") && t.Latency is not null);
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.Caller && t.Text == "my order number is A1003");

        await writer.WriteHangupAsync();
        await receiving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(hungUp); // the caller hung up, not the bot
        await WaitAsync(() => api.GetAsync(callId.ToString("D")).Result.Status == CallStatus.Ended, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_browser_call_over_the_pcm_websocket_gets_transcripts_replies_and_audio()
    {
        using var socket = await host.ConnectPcmAsync(16000);
        var events = new List<JsonElement>();
        long botBytes = 0;
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        Interlocked.Add(ref botBytes, result.Count);
                        continue;
                    }

                    var json = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
                    lock (events) events.Add(json);
                }
            }
            catch (WebSocketException)
            {
            }
        });

        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start","language":"en"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        await WaitAsync(() => Has(events, "started"), TimeSpan.FromSeconds(10));
        await WaitAsync(() => Interlocked.Read(ref botBytes) > 32000, TimeSpan.FromSeconds(20));
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"nonsense"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        await WaitAsync(() => Has(events, "error"), TimeSpan.FromSeconds(5));

        // Talk over the greeting: a real interruption.
        await StreamAsync(pcm => socket.SendAsync(pcm, WebSocketMessageType.Binary, true, CancellationToken.None), CallerAudio.Say("how much is the espresso machine", 16000), 16000);
        await StreamAsync(pcm => socket.SendAsync(pcm, WebSocketMessageType.Binary, true, CancellationToken.None), CallerAudio.Silence(16000, 1.0), 16000);
        await WaitAsync(() => Has(events, "reply", e => e.GetProperty("text").GetString()!.Contains("$349.00")), TimeSpan.FromSeconds(20));

        lock (events)
        {
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "clear");
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "transcript" && e.GetProperty("final").GetBoolean());
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "emotion");
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"hangup"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        await receiving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("rate=44100&")]
    [InlineData("")]
    public async Task A_bad_rate_is_refused_with_a_reason(string rate)
    {
        var ticket = (await host.PcmUrlAsync(16000)).Query.Split('&').Single(p => p.StartsWith("access_token=", StringComparison.Ordinal));
        using var response = await host.Anonymous.GetAsync($"media/pcm?{rate}{ticket}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("8000", await response.Content.ReadAsStringAsync());
    }

    private static bool Has(List<JsonElement> events, string type, Func<JsonElement, bool>? where = null)
    {
        lock (events)
        {
            return events.Any(e => e.GetProperty("type").GetString() == type && (where?.Invoke(e) ?? true));
        }
    }

    /// <summary>Sends PCM as 20 ms frames at real time, with faint line noise.</summary>
    private static async Task StreamAsync(Func<byte[], Task> send, short[] pcm, int rate)
    {
        var frame = rate / 50;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        for (var offset = 0; offset < pcm.Length; offset += frame)
        {
            var bytes = new byte[frame * 2];
            for (var i = 0; i < frame; i++)
            {
                var sample = offset + i < pcm.Length ? pcm[offset + i] : (short)0;
                BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (short)Math.Clamp(sample + LineNoise.Next(-100, 101), short.MinValue, short.MaxValue));
            }

            await send(bytes);
            sent++;
            var due = TimeSpan.FromMilliseconds(20 * sent) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the engine");
            await Task.Delay(50);
        }
    }
}
