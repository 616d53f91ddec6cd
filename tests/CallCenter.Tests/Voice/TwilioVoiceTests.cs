using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Audio;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Voice;

/// <summary>
/// A phone call as Twilio Media Streams delivers it: real speech, μ-law at 8 kHz in 20 ms chunks streamed at real time
/// over the real WebSocket endpoint, recognized by PocketSphinx, answered by the brain, spoken back by espeak-ng.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TwilioVoiceTests(ApiHostFixture host)
{
    [Fact]
    public async Task A_spoken_question_is_transcribed_answered_and_spoken_back()
    {
        await using var call = await TwilioCall.ConnectAsync(host, from: "+15550100");
        await call.WaitForBotAudioAsync(TimeSpan.FromSeconds(20)); // the greeting
        await call.StreamAsync(CallerAudio.Silence(8000, 0.3));

        // Wait out the greeting so the question is not a barge-in, then ask.
        await call.WaitForBotSilenceAsync(TimeSpan.FromSeconds(30));
        var before = call.BotAudioSeconds;
        await call.StreamAsync(CallerAudio.Say("where is my order", 8000));
        await call.StreamAsync(CallerAudio.Silence(8000, 1.0));
        await call.WaitForBotAudioAsync(TimeSpan.FromSeconds(20), after: before);
        await call.WaitForBotSilenceAsync(TimeSpan.FromSeconds(30));

        var record = await new ChatApi(host.Http).GetAsync(call.CallSid);
        Assert.Equal(CallChannel.Voice, record.Channel);
        Assert.Equal("C001", record.CustomerId);
        var spoken = Assert.Single(record.Turns, t => t.Speaker == Speaker.Caller);
        Assert.Contains("order", spoken.Text);
        Assert.Equal(Intent.OrderStatus, spoken.Intent);
        Assert.NotNull(spoken.Latency);
        var reply = record.Turns.Last();
        Assert.Contains("UPS", reply.Text);
        // The reply was spoken: its audio lasted about as long as the text takes to say (espeak, ~150 words/min).
        var replySeconds = call.BotAudioSeconds - before;
        Assert.InRange(replySeconds, 2.0, 30.0);
    }

    [Fact]
    public async Task Caller_speech_over_the_bot_clears_playback_and_the_turn_records_what_was_heard()
    {
        await using var call = await TwilioCall.ConnectAsync(host, from: null);
        await call.WaitForBotAudioAsync(TimeSpan.FromSeconds(20));
        await call.StreamAsync(CallerAudio.Silence(8000, 0.6)); // let the greeting play a little

        await call.StreamAsync(CallerAudio.Say("let me talk to a real person", 8000));
        await call.StreamAsync(CallerAudio.Silence(8000, 1.0));
        await call.WaitForAsync(() => call.Clears > 0, TimeSpan.FromSeconds(10));

        // The interruption is recorded when the caller's utterance has ended and become a turn.
        var api = new ChatApi(host.Http);
        await call.WaitForAsync(() => api.GetAsync(call.CallSid).Result.Turns.Any(t => t.Speaker == Speaker.Caller), TimeSpan.FromSeconds(15));
        var record = await api.GetAsync(call.CallSid);
        Assert.Equal(Intent.HumanAgent, record.Turns.First(t => t.Speaker == Speaker.Caller).Intent);
        var greeting = record.Turns.First();
        Assert.NotNull(greeting.Heard);
        Assert.True(greeting.Heard!.Length < greeting.Text.Length, $"heard '{greeting.Heard}' of '{greeting.Text}'");
    }

    [Fact]
    public async Task Keypad_digits_make_an_order_number_and_zero_asks_for_a_person()
    {
        await using var call = await TwilioCall.ConnectAsync(host, from: null);
        await call.WaitForBotAudioAsync(TimeSpan.FromSeconds(20));
        foreach (var digit in "1004#")
        {
            await call.SendDtmfAsync(digit);
        }

        var api = new ChatApi(host.Http);
        await call.WaitForAsync(() => api.GetAsync(call.CallSid).Result.Turns.Any(t => t.Text.Contains("FedEx")), TimeSpan.FromSeconds(10));
        await call.SendDtmfAsync('0');
        await call.WaitForAsync(() => api.GetAsync(call.CallSid).Result.Status == CallStatus.WaitingForAgent, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Media_before_start_is_a_protocol_error_and_closes_the_stream_with_the_reason()
    {
        var (connected, _) = await host.Twilio.DialAsync();
        using var socket = connected;
        await TwilioCall.SendJsonAsync(socket, new { @event = "connected", protocol = "Call", version = "1.0.0" });
        await TwilioCall.SendJsonAsync(socket, new { @event = "media", sequenceNumber = "2", streamSid = "MZ1", media = new { track = "inbound", chunk = "1", timestamp = "0", payload = Convert.ToBase64String(new byte[160]) } });
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Contains("start", result.CloseStatusDescription, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A Twilio Media Stream client: sends what Twilio sends, collects what the engine sends back.</summary>
    private sealed class TwilioCall : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly Task _receiving;
        private readonly CancellationTokenSource _stop = new();
        private readonly Random _lineNoise = new(7);
        private int _sequence = 1;
        private long _timestamp;
        private long _botSamples;
        private long _lastBotAudioTicks;

        private TwilioCall(string callSid, ClientWebSocket socket)
        {
            CallSid = callSid;
            _socket = socket;
            _receiving = ReceiveAsync();
        }

        public string CallSid { get; }

        public string StreamSid { get; } = "MZ" + Guid.NewGuid().ToString("N");

        public double BotAudioSeconds => Interlocked.Read(ref _botSamples) / 8000.0;

        public int Clears;

        /// <summary>A call coming in as Twilio brings it: the voice webhook, the signed stream, connected and start.</summary>
        public static async Task<TwilioCall> ConnectAsync(ApiHostFixture host, string? from)
        {
            var (socket, order) = await host.Twilio.DialAsync(from: from);
            var call = new TwilioCall(order.CallSid, socket);
            await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.ConnectedMessage), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.StartMessage(order, call.StreamSid, call._sequence++)), WebSocketMessageType.Text, true, CancellationToken.None);
            return call;
        }

        /// <summary>
        /// Streams 8 kHz PCM as μ-law media messages, 20 ms each, at real time, with the faint noise every phone line
        /// carries (about -55 dBFS): a line of digital zeros does not exist, and the detector learns its noise floor from it.
        /// </summary>
        public async Task StreamAsync(short[] pcm)
        {
            var mulaw = new byte[160];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sent = 0;
            for (var offset = 0; offset < pcm.Length; offset += 160)
            {
                var chunk = new short[160];
                pcm.AsSpan(offset, Math.Min(160, pcm.Length - offset)).CopyTo(chunk);
                for (var i = 0; i < chunk.Length; i++)
                {
                    chunk[i] = (short)Math.Clamp(chunk[i] + _lineNoise.Next(-100, 101), short.MinValue, short.MaxValue);
                }

                G711.PcmToMuLaw(chunk, mulaw);
                await SendJsonAsync(_socket, new
                {
                    @event = "media", sequenceNumber = (_sequence++).ToString(), streamSid = StreamSid,
                    media = new { track = "inbound", chunk = (sent + 1).ToString(), timestamp = _timestamp.ToString(), payload = Convert.ToBase64String(mulaw) },
                });
                _timestamp += 20;
                sent++;
                var due = TimeSpan.FromMilliseconds(20 * sent) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }
        }

        public Task SendDtmfAsync(char digit) => SendJsonAsync(_socket, new
        {
            @event = "dtmf", sequenceNumber = (_sequence++).ToString(), streamSid = StreamSid, dtmf = new { track = "inbound_track", digit = digit.ToString() },
        });

        public Task WaitForBotAudioAsync(TimeSpan timeout, double after = 0) => WaitForAsync(() => BotAudioSeconds > after + 0.2, timeout);

        /// <summary>
        /// Waits until the bot has sent no audio for 1.5 s: its turn is over. (Shorter gaps happen when the whole suite
        /// shares the two cores and the sender is briefly not scheduled; they are not the end of the reply.)
        /// </summary>
        public Task WaitForBotSilenceAsync(TimeSpan timeout) =>
            WaitForAsync(() => TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastBotAudioTicks)) > TimeSpan.FromMilliseconds(1500), timeout);

        public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the engine");
                await Task.Delay(50);
            }
        }

        public static Task SendJsonAsync(WebSocket socket, object message) =>
            socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task ReceiveAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
                    var root = json.RootElement;
                    Assert.Equal(StreamSid, root.GetProperty("streamSid").GetString());
                    switch (root.GetProperty("event").GetString())
                    {
                        case "media":
                            var bytes = Convert.FromBase64String(root.GetProperty("media").GetProperty("payload").GetString()!);
                            Interlocked.Add(ref _botSamples, bytes.Length);
                            Interlocked.Exchange(ref _lastBotAudioTicks, DateTime.UtcNow.Ticks);
                            break;
                        case "mark":
                            // Echo it back as Twilio does once the audio before it has played.
                            await SendJsonAsync(_socket, new { @event = "mark", sequenceNumber = (_sequence++).ToString(), streamSid = StreamSid, mark = new { name = root.GetProperty("mark").GetProperty("name").GetString() } });
                            break;
                        case "clear":
                            Interlocked.Increment(ref Clears);
                            break;
                        default:
                            throw new InvalidOperationException("Unexpected message from the engine: " + Encoding.UTF8.GetString(buffer, 0, length));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                await SendJsonAsync(_socket, new { @event = "stop", sequenceNumber = (_sequence++).ToString(), streamSid = StreamSid, stop = new { accountSid = "AC" + new string('0', 32), callSid = CallSid } });
                await Task.Delay(100);
                _stop.Cancel();
            }

            await _receiving;
            _socket.Dispose();
        }
    }
}
