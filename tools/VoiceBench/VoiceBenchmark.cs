using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Audio;

namespace CallCenter.VoiceBench;

/// <summary>
/// Voice-to-voice latency: concurrent phone calls over the Twilio Media Streams endpoint, each asking spoken questions
/// at real time (espeak-ng's voice, μ-law 8 kHz, 20 ms frames, faint line noise), measuring from the last frame of the
/// caller's speech to the first frame of the bot's answer, as the caller experiences it. Prints figures; asserts nothing.
/// Usage: CallCenter.VoiceBench [--mode latency] [--url http://127.0.0.1:8080] [--calls 20] [--turns 3]
/// </summary>
public static class VoiceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(BenchArguments.Option(args, "--url", "http://127.0.0.1:8080"));
        var calls = BenchArguments.Int(args, "--calls", 20);
        var turns = BenchArguments.Int(args, "--turns", 3);
        var speech = CallerSpeech.Questions.Select(CallerSpeech.Speak).ToArray();
        Console.WriteLine($"{calls} concurrent calls × {turns} spoken questions against {url} (Twilio Media Streams, real time)");

        var results = new List<double>();
        var stages = new List<JsonElement>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var progress = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(5000);
                lock (results) Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {results.Count} answers measured, {errors} errors");
            }
        });

        await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
        {
            await Task.Delay(i * 150); // calls arrive over a few seconds, not all in the same millisecond
            try
            {
                var (latencies, callSid) = await RunCallAsync(url, speech, turns, i);
                using var http = new HttpClient { BaseAddress = url };
                // The call records are staff's to read: an operator key (CALLCENTER_API_KEY, admin or supervisor).
                http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("CALLCENTER_API_KEY"));
                var record = await http.GetFromJsonAsync<JsonElement>($"api/calls/{callSid}");
                lock (results)
                {
                    results.AddRange(latencies);
                    stages.AddRange(record.GetProperty("turns").EnumerateArray()
                        .Where(t => t.TryGetProperty("latency", out var l) && l.ValueKind == JsonValueKind.Object)
                        .Select(t => t.GetProperty("latency").Clone()));
                }
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref errors);
                Console.Error.WriteLine($"call {i}: {ex.GetType().Name}: {ex.Message}");
            }
        }));

        results.Sort();
        Console.WriteLine();
        Console.WriteLine($"answers measured        {results.Count} of {calls * turns} (errors: {errors})");
        if (results.Count > 0)
        {
            Console.WriteLine($"voice-to-voice (ms)     p50 {BenchArguments.Percentile(results, 50):F0}  p90 {BenchArguments.Percentile(results, 90):F0}  p99 {BenchArguments.Percentile(results, 99):F0}  max {results[^1]:F0}");
            Console.WriteLine("   from the caller's last speech frame to the first frame of the bot's answer, including the");
            Console.WriteLine("   end-of-speech silence the detector waits for (Voice:TurnTaking:EndOfTurn:EndOfSpeechMs)");
        }

        foreach (var stage in new[] { "speechEndToTranscriptMs", "transcriptToReplyMs", "replyToFirstAudioMs" })
        {
            var values = stages.Select(s => s.GetProperty(stage).GetDouble()).Order().ToList();
            if (values.Count > 0)
            {
                Console.WriteLine($"engine {stage,-24} p50 {BenchArguments.Percentile(values, 50):F0}  p99 {BenchArguments.Percentile(values, 99):F0}  (ms, from the call records)");
            }
        }

        return 0;
    }

    private static async Task<(List<double> Latencies, string CallSid)> RunCallAsync(Uri url, short[][] speech, int turns, int index)
    {
        // The call comes in as Twilio brings it (the engine checks Twilio's signatures with TWILIO_AUTH_TOKEN, its Twilio:AuthToken).
        var twilio = new TwilioCarrier(url, Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN") ?? "");
        var order = await twilio.AnswerAsync(TwilioCarrier.NewCallSid(), from: "+15550100");
        using var socket = await twilio.ConnectAsync(order);
        var callSid = order.CallSid;
        var streamSid = "MZ" + Guid.NewGuid().ToString("N");
        long lastBotAudio = 0;
        long firstBotAudioAfter = 0;
        long waitingSince = long.MaxValue;
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    using var json = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                    if (json.RootElement.GetProperty("event").GetString() != "media") continue;
                    var now = Stopwatch.GetTimestamp();
                    Interlocked.Exchange(ref lastBotAudio, now);
                    if (now > Interlocked.Read(ref waitingSince)) Interlocked.CompareExchange(ref firstBotAudioAfter, now, 0);
                }
            }
            catch (WebSocketException)
            {
                // The engine ends the stream once the call is over.
            }
        });

        var line = new Line(socket, streamSid, index);
        await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.ConnectedMessage), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.StartMessage(order, streamSid)), WebSocketMessageType.Text, true, CancellationToken.None);

        var latencies = new List<double>();
        for (var turn = 0; turn <= turns; turn++)
        {
            // Wait (sending line noise, as a phone line does) until the bot has been quiet for 700 ms.
            do
            {
                await line.SilenceAsync(0.1);
            }
            while (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastBotAudio)) < TimeSpan.FromMilliseconds(700));

            if (turn == turns) break;
            await line.StreamAsync(speech[(index + turn) % speech.Length]);
            Interlocked.Exchange(ref firstBotAudioAfter, 0);
            Interlocked.Exchange(ref waitingSince, Stopwatch.GetTimestamp());
            var speechEnded = Interlocked.Read(ref waitingSince);
            while (Interlocked.Read(ref firstBotAudioAfter) == 0 && Stopwatch.GetElapsedTime(speechEnded) < TimeSpan.FromSeconds(10))
            {
                await line.SilenceAsync(0.02);
            }

            var answered = Interlocked.Read(ref firstBotAudioAfter);
            if (answered != 0) latencies.Add(Stopwatch.GetElapsedTime(speechEnded, answered).TotalMilliseconds);
            Interlocked.Exchange(ref waitingSince, long.MaxValue);
        }

        await line.SendAsync(new { @event = "stop", sequenceNumber = "9", streamSid, stop = new { accountSid = "AC" + new string('0', 32), callSid } });
        await receiving.WaitAsync(TimeSpan.FromSeconds(5));
        return (latencies, callSid);
    }

    /// <summary>The caller's side of the line: μ-law frames at real time, with faint noise under everything.</summary>
    private sealed class Line(ClientWebSocket socket, string streamSid, int seed)
    {
        private readonly Random _noise = new(seed);
        private readonly byte[] _mulaw = new byte[160];
        private readonly short[] _frame = new short[160];
        private long _next = Stopwatch.GetTimestamp();
        private int _sequence = 2;
        private long _timestamp;

        public Task SendAsync(object message) =>
            socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

        public Task SilenceAsync(double seconds) => StreamAsync(new short[(int)(8000 * seconds)]);

        public async Task StreamAsync(short[] pcm)
        {
            for (var offset = 0; offset < pcm.Length; offset += 160)
            {
                for (var i = 0; i < 160; i++)
                {
                    var sample = offset + i < pcm.Length ? pcm[offset + i] : 0;
                    _frame[i] = (short)Math.Clamp(sample + _noise.Next(-100, 101), short.MinValue, short.MaxValue);
                }

                G711.PcmToMuLaw(_frame, _mulaw);
                await SendAsync(new
                {
                    @event = "media", sequenceNumber = (_sequence++).ToString(CultureInfo.InvariantCulture), streamSid,
                    media = new { track = "inbound", chunk = _sequence.ToString(CultureInfo.InvariantCulture), timestamp = _timestamp.ToString(CultureInfo.InvariantCulture), payload = Convert.ToBase64String(_mulaw) },
                });
                _timestamp += 20;
                _next += Stopwatch.Frequency / 50;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _next);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
        }
    }
}
