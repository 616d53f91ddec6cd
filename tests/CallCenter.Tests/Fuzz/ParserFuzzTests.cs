using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Agents;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Gateway.Media.Twilio;
using CallCenter.Tests.Media;
using CallCenter.Tests.Media.AudioSocket;
using CallCenter.Tests.Media.Twilio;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CallCenter.Tests.Fuzz;

/// <summary>
/// The bulk of the fuzzing: the parsers alone, with tens of thousands of malformed inputs each (mutated valid messages,
/// hostile constructions, random bytes). Every input must give exactly one clear outcome, never an exception; a
/// rejected input must leave the protocol state as it was; the whole run is bounded.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static readonly byte[][] TwilioCorpus =
    [
        .. new[]
        {
            TwilioSamples.Connected, TwilioSamples.Start, TwilioSamples.MediaMessage(), TwilioSamples.MediaMessage(payload: new byte[160]),
            TwilioSamples.Mark(), TwilioSamples.Dtmf, TwilioSamples.Stop,
        }.Select(TwilioSamples.Utf8),
    ];

    [Fact]
    public async Task Twilio_media_stream_messages()
    {
        const int count = 30_000;
        var parser = new TwilioMessageParser(TwilioMessageParser.DefaultMaxPayloadBytes);
        var session = Streaming(parser);
        var kinds = new Dictionary<string, int>();
        await Fuzzer.RunAsync("Twilio parser", 7_000_001, count, Bound, (random, i) => Generate(random, i, TwilioCorpus, 400), input =>
        {
            var result = parser.Parse(input);

            var shapes = (result.IsError ? 1 : 0) + (result.IsMedia ? 1 : 0) + (result.Message is not null ? 1 : 0);
            Assert.Equal(1, shapes);
            if (result.Error is { } error)
            {
                AssertClear(error.Reason);
            }

            if (result.TryGetMedia(out var media))
            {
                Assert.InRange(media.Payload.Length, 0, parser.MaxPayloadBytes);
            }

            // The stream's rules: a rejected message leaves the session exactly as it was.
            var before = Snapshot(session);
            var verdict = session.Receive(in result);
            if (!verdict.IsAccepted)
            {
                AssertClear(verdict.Error!);
                Assert.Equal(before, Snapshot(session));
            }

            Count(kinds, result.Error?.Kind.ToString() ?? (verdict.IsAccepted ? "accepted" : "rejected by the session"));
            if (session.State == TwilioStreamState.Stopped || input.Length % 97 == 0)
            {
                session = Streaming(parser);
            }
        });

        Report("Twilio Media Streams parser + stream session", count, kinds);
        Assert.True(kinds.GetValueOrDefault("accepted") > 1000 && kinds.Count >= 8, string.Join(", ", kinds));
    }

    [Fact]
    public async Task AudioSocket_frame_streams()
    {
        const int count = 25_000;
        const int limit = 1024;
        var corpus = new[]
        {
            AudioSocketStreams.Call(),
            [.. AudioSocketStreams.Uuid(), .. AudioSocketStreams.Frame(0x10, 320, AudioSocketStreams.AudioBytes()), .. AudioSocketStreams.Frame(0x03, 1, "#"u8.ToArray())],
            [.. AudioSocketStreams.Uuid(), .. AudioSocketStreams.Frame(0xff, 1, [7]), .. AudioSocketStreams.Frame(0x00, 0)],
        };
        var outcomes = new Dictionary<string, int>();
        await Fuzzer.RunAsync("AudioSocket reader", 7_000_002, count, Bound, (random, _) => random.Next(10) switch
        {
            0 => Mutations.RandomBytes(random, 80),
            1 or 2 => HostileFrames(random, corpus[random.Next(corpus.Length)]),
            _ => Mutations.Mutate(random, corpus[random.Next(corpus.Length)], corpus),
        }, input =>
        {
            var whole = ReadAll(input, [], limit);
            var split = ReadAll(input, [input.Length / 3, input.Length / 2, input.Length - 1], limit);

            // However the socket splits the bytes, the frames and the verdict are the same.
            Assert.Equal(whole, split);
            Count(outcomes, whole[^1]);
        });

        Report("AudioSocket frame reader (whole and split)", count, outcomes);
        Assert.True(outcomes.GetValueOrDefault("end") > 500 && outcomes.Count >= 6, string.Join(", ", outcomes));
    }

    [Fact]
    public async Task Pcm_control_messages_and_frames()
    {
        const int count = 20_000;
        var corpus = new[]
        {
            """{"type":"start","language":"en","customerPhone":"+15550100"}""", """{"type":"start","language":"zh"}""",
            """{"type":"dtmf","digit":"1"}""", """{"type":"dtmf","digit":7}""", """{"type":"hangup"}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var kinds = new Dictionary<string, int>();
        await Fuzzer.RunAsync("PCM control parser", 7_000_003, count, Bound, (random, i) => Generate(random, i, corpus, 100), input =>
        {
            var result = PcmMessageParser.Parse(input);

            Assert.True((result.Message is null) != (result.Error is null), $"exactly one of message and error: {result}");
            if (result.Error is { } error)
            {
                AssertClear(error.Reason);
            }

            if (result.Message is PcmDtmf dtmf)
            {
                Assert.Contains(dtmf.Digit, "0123456789*#ABCD");
            }

            if (result.Message is PcmStart start)
            {
                Assert.True(Enum.IsDefined(start.Language));
            }

            // The binary frames of the same socket: any length is valid audio or refused with its reason.
            var format = new PcmAudioFormat(input.Length % 2 == 0 ? 8000 : 16000);
            var frame = input.Length * 7 % (format.MaxFrameBytes * 2);
            Assert.Equal(frame % 2 == 0 && frame <= format.MaxFrameBytes, format.ValidateFrame(frame) is null);
            Count(kinds, result.Error?.Kind.ToString() ?? result.Message!.GetType().Name);
        });

        Report("PCM WebSocket control messages (+ frame sizes)", count, kinds);
        Assert.True(kinds.Count >= 9, string.Join(", ", kinds));
    }

    [Fact]
    public async Task Chat_websocket_messages()
    {
        const int count = 25_000;
        var corpus = new[]
        {
            """{"type":"start","channel":"chat","language":"en","customerPhone":"+15550100"}""", """{"type":"start"}""",
            """{"type":"message","text":"where is my order A1001?"}""", """{"type":"message","text":"我的订单A1005到哪了？"}""",
            """{"type":"get"}""", """{"type":"hangup"}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var kinds = new Dictionary<string, int>();
        await Fuzzer.RunAsync("chat WebSocket parser", 7_000_004, count, Bound, (random, i) => Generate(random, i, corpus, 200), input =>
        {
            var (command, problem) = ChatMessageParser.Parse(input);

            Assert.True((command is null) != (problem is null), "exactly one of a command and a problem");
            if (problem is not null)
            {
                Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
                AssertClear(problem.Error);
            }

            // What the chat service checks next must not throw either.
            switch (command)
            {
                case ChatCommand.Start start:
                    _ = ApiJson.TryParseEnum<CallChannel>(start.Request.Channel, "channel", out _, out _);
                    _ = ApiJson.TryParseEnum<Language>(start.Request.Language, "language", out _, out _);
                    break;
                case ChatCommand.Message message:
                    _ = CallerInput.Problem(message.Request.Text);
                    break;
            }

            Count(kinds, problem is null ? command!.GetType().Name : Category(problem.Error));
        });

        Report("chat WebSocket messages", count, kinds);
        Assert.True(kinds.Count >= 8, string.Join(", ", kinds));
    }

    [Fact]
    public async Task Json_api_request_bodies()
    {
        const int count = 15_000;
        var bodies = new (string Json, Func<HttpRequest, Task<string?>> Read)[]
        {
            ("""{"channel":"chat","language":"en","customerPhone":"+15550100"}""", async r => (await JsonBody.ReadAsync<StartCallRequest>(r)).Problem?.Error),
            ("""{"text":"where is my order A1001?"}""", async r => (await JsonBody.ReadAsync<MessageRequest>(r)).Problem?.Error),
            ("""{"name":"Alice","languages":["en","zh"],"domains":["ecommerce"]}""", async r => (await JsonBody.ReadAsync<SignInRequest>(r)).Problem?.Error),
            ("""{"state":"available"}""", async r => (await JsonBody.ReadAsync<AgentStateRequest>(r)).Problem?.Error),
            ("""{"callId":"ac8509daf1c74f118d0e2f528b11f3c5"}""", async r => (await JsonBody.ReadAsync<CallIdRequest>(r)).Problem?.Error),
            ("""{"disposition":"resolved","note":"done"}""", async r => (await JsonBody.ReadAsync<CloseRequest>(r)).Problem?.Error),
        };
        var corpus = bodies.Select(b => Encoding.UTF8.GetBytes(b.Json)).ToArray();
        var outcomes = new Dictionary<string, int>();
        await Fuzzer.RunAsync("JSON API bodies", 7_000_005, count, Bound, (random, i) =>
        {
            var kind = random.Next(bodies.Length);
            return [(byte)kind, .. Generate(random, i, [corpus[kind]], 200)];
        }, async input =>
        {
            var (_, read) = bodies[input[0]];
            var http = new DefaultHttpContext();
            http.Request.Body = new MemoryStream(input, 1, input.Length - 1);
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = input.Length - 1;

            var error = await read(http.Request);

            if (error is not null)
            {
                AssertClear(error);
            }

            Count(outcomes, error is null ? "read" : Category(error));
        });

        Report("JSON API request bodies (chat and agent requests, the real reader)", count, outcomes);
        Assert.True(outcomes.GetValueOrDefault("read") > 1000 && outcomes.Count >= 3, string.Join(", ", outcomes));
    }

    /// <summary>Mostly mutated and hostile versions of the samples, some plain random bytes.</summary>
    private static byte[] Generate(Random random, int index, byte[][] corpus, int randomLength) => (index % 10) switch
    {
        0 => Mutations.RandomBytes(random, randomLength),
        1 or 2 or 3 or 4 => Mutations.Hostile(random, corpus[random.Next(corpus.Length)], corpus),
        _ => Mutations.Mutate(random, corpus[random.Next(corpus.Length)], corpus),
    };

    /// <summary>Frames with impossible headers: every kind, the largest lengths, lengths past the end.</summary>
    private static byte[] HostileFrames(Random random, byte[] stream)
    {
        var bytes = stream.ToList();
        var header = random.Next(4) switch
        {
            0 => AudioSocketStreams.Frame((byte)random.Next(256), 0xFFFF, []),
            1 => AudioSocketStreams.Frame(0x10, random.Next(1025, 0x10000), new byte[random.Next(0, 64)]),
            2 => AudioSocketStreams.Frame(0x01, random.Next(0, 40), new byte[random.Next(0, 40)]),
            _ => AudioSocketStreams.Frame(0x03, random.Next(0, 3), [(byte)random.Next(256), (byte)random.Next(256)]),
        };
        bytes.InsertRange(random.Next(2) == 0 ? 0 : Math.Min(19, bytes.Count), header);
        return [.. bytes];
    }

    /// <summary>Every frame, then the verdict; each read must complete without waiting (all the bytes are there).</summary>
    private static List<string> ReadAll(byte[] input, int[] cuts, int limit)
    {
        var reader = new AudioSocketFrameReader(PipeReader.Create(AudioSocketStreams.Segmented(input, cuts)), limit);
        var seen = new List<string>();
        for (var step = 0; step <= input.Length / AudioSocketProtocol.HeaderBytes + 1; step++)
        {
            var pending = reader.ReadFrameAsync();
            Assert.True(pending.IsCompleted, "a read over a finished input must not wait");
            var result = pending.Result;
            if (result.Status == AudioSocketReadStatus.Error)
            {
                AssertClear(result.Error!.ToString());
                // A broken stream stays broken: nothing is read past the error.
                Assert.Equal(result.Error, reader.ReadFrameAsync().Result.Error);
                seen.Add(result.Error.Kind.ToString());
                return seen;
            }

            if (result.Status == AudioSocketReadStatus.EndOfStream)
            {
                seen.Add("end");
                return seen;
            }

            Assert.InRange(result.Frame.Payload.Length, 0, limit);
            seen.Add($"{result.Frame.Kind}:{Convert.ToHexString(result.Frame.Payload.Span)}");
        }

        Assert.Fail("more frames than the input can hold");
        return seen;
    }

    private static TwilioStreamSession Streaming(TwilioMessageParser parser)
    {
        var session = new TwilioStreamSession();
        Assert.True(session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Connected))).IsAccepted);
        Assert.True(session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Start))).IsAccepted);
        session.OnMarkSent("m0");
        return session;
    }

    private static string Snapshot(TwilioStreamSession s) =>
        $"{s.State}|{s.StreamSid}|{s.LastSequenceNumber}|{s.SequenceGaps}|{s.MissingMessages}|{s.RepeatedOrLateMessages}|{s.MediaMessages}|" +
        $"{s.LastMediaTimestamp}|{s.LastPlayedMark}|{s.PlayedMarks}|{s.ClearedMarks}|{s.UnknownMarkEchoes}|{string.Join(",", s.PendingMarks)}|{string.Join(",", s.ClearedMarksAwaitingEcho)}";

    /// <summary>An error a person can act on: a sentence, not a stack trace or a kilobyte of quoted input.</summary>
    private static void AssertClear(string error)
    {
        Assert.InRange(error.Length, 10, 400);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>An error's first words, numbers and quotes left out: what kind of refusal it was.</summary>
    private static string Category(string error) =>
        string.Join(' ', error.Split(' ').Take(4).Select(w => new string(w.Where(char.IsLetter).ToArray())).Where(w => w.Length > 0));

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private void Report(string parser, int count, Dictionary<string, int> outcomes) =>
        output.WriteLine($"{parser}: {count:N0} inputs; {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"))}");
}
