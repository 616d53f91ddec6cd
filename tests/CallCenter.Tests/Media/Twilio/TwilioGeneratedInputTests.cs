using System.Buffers;
using System.Text.Json;
using CallCenter.Gateway.Media.Twilio;

namespace CallCenter.Tests.Media.Twilio;

/// <summary>
/// Thousands of generated inputs (seeded, so every run is the same): the parser never throws, every result is exactly one
/// of media, message or error, a media result carries exactly the bytes a reference decoder finds in the same JSON, and
/// the session takes whatever the parser returns.
/// </summary>
public sealed class TwilioGeneratedInputTests
{
    private const int PayloadLimit = 256;

    private static readonly byte[][] Corpus =
    [
        .. new[]
        {
            TwilioSamples.Connected, TwilioSamples.Start, TwilioSamples.MediaMessage(), TwilioSamples.MediaMessage(payload: new byte[200]),
            TwilioSamples.Mark(), TwilioSamples.Dtmf, TwilioSamples.Stop,
            """{"event":"media","sequenceNumber":"2","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"\/w\u003d\u003d"},"streamSid":"MZ1"}""",
        }.Select(TwilioSamples.Utf8),
    ];

    [Fact]
    public void Mutated_samples_never_break_the_parser()
    {
        var random = new Random(20251122);
        var outcomes = new Outcomes();
        var parser = new TwilioMessageParser(PayloadLimit);
        for (var i = 0; i < 4000; i++)
        {
            var input = Mutations.Mutate(random, Corpus[random.Next(Corpus.Length)], Corpus);
            outcomes.Check(parser, input, random);
        }

        // The generator must reach both sides, or the test proves nothing.
        Assert.True(outcomes.Accepted > 50, outcomes.ToString());
        Assert.True(outcomes.ErrorKinds.Count >= 6, outcomes.ToString());
    }

    [Fact]
    public void Generated_messages_with_random_fields_and_types_never_break_the_parser()
    {
        var random = new Random(31924);
        var outcomes = new Outcomes();
        var parser = new TwilioMessageParser(PayloadLimit);
        for (var i = 0; i < 4000; i++)
        {
            outcomes.Check(parser, RandomMessage(random), random);
        }

        Assert.True(outcomes.Accepted > 200, outcomes.ToString());
        Assert.True(outcomes.Media > 50, outcomes.ToString());
        Assert.True(outcomes.ErrorKinds.Count >= 8, outcomes.ToString());
    }

    [Fact]
    public void Random_bytes_never_break_the_parser()
    {
        var random = new Random(8000);
        var outcomes = new Outcomes();
        var parser = new TwilioMessageParser(PayloadLimit);
        for (var i = 0; i < 2000; i++)
        {
            outcomes.Check(parser, Mutations.RandomBytes(random, 200), random);
        }

        Assert.Equal(0, outcomes.Accepted);
    }

    private sealed class Outcomes
    {
        private readonly TwilioStreamSession _session = new();
        private int _marks;

        public int Accepted { get; private set; }
        public int Media { get; private set; }
        public HashSet<TwilioParseErrorKind> ErrorKinds { get; } = [];

        public void Check(TwilioMessageParser parser, byte[] input, Random random)
        {
            var result = parser.Parse(input);

            var shapes = (result.IsError ? 1 : 0) + (result.IsMedia ? 1 : 0) + (result.Message is not null ? 1 : 0);
            Assert.Equal(1, shapes);
            if (result.Error is { } error)
            {
                ErrorKinds.Add(error.Kind);
                Assert.True(error.Reason.Length is >= 10 and <= 400, error.Reason);
            }
            else
            {
                Accepted++;
            }

            if (result.TryGetMedia(out var media))
            {
                Media++;
                Assert.InRange(media.Payload.Length, 0, PayloadLimit);
                Assert.Equal(ReferencePayload(input), media.Payload.ToArray());
            }

            // The session must take any parse outcome, in any order, with marks and clears going out in between.
            _session.Receive(in result);
            if (_session.State == TwilioStreamState.Streaming && random.Next(4) == 0)
            {
                if (random.Next(3) == 0)
                {
                    _session.OnClearSent();
                }
                else
                {
                    _session.OnMarkSent($"m{++_marks}");
                }
            }
        }

        public override string ToString() => $"accepted {Accepted}, media {Media}, error kinds {string.Join(", ", ErrorKinds)}";
    }

    /// <summary>The payload as System.Text.Json's DOM and Convert read it (the last "payload" wins, as in the parser).</summary>
    private static byte[] ReferencePayload(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var media = document.RootElement.EnumerateObject().Last(p => p.NameEquals("media")).Value;
        return Convert.FromBase64String(media.EnumerateObject().Last(p => p.NameEquals("payload")).Value.GetString()!);
    }

    private static byte[] RandomMessage(Random random)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            // Mostly the fields the event needs, now and then one it does not (which must be ignored or refused cleanly).
            var eventName = Pick(random, "connected", "start", "media", "media", "media", "mark", "dtmf", "stop", "clear", "");
            string[] needed = eventName switch
            {
                "connected" => ["event", "protocol", "version"],
                "start" => ["event", "sequenceNumber", "streamSid", "start"],
                "media" => ["event", "sequenceNumber", "streamSid", "media"],
                "mark" => ["event", "sequenceNumber", "streamSid", "mark"],
                "dtmf" => ["event", "sequenceNumber", "streamSid", "dtmf"],
                "stop" => ["event", "sequenceNumber", "streamSid", "stop"],
                _ => ["event"],
            };
            var writers = new Dictionary<string, Action>
            {
                ["event"] = () => Field(json, random, "event", () => json.WriteStringValue(eventName)),
                ["sequenceNumber"] = () => Field(json, random, "sequenceNumber", () => Integer(json, random)),
                ["streamSid"] = () => Field(json, random, "streamSid", () => json.WriteStringValue(Pick(random, "MZ1", "MZ1", "MZ2"))),
                ["protocol"] = () => Field(json, random, "protocol", () => json.WriteStringValue("Call")),
                ["version"] = () => Field(json, random, "version", () => json.WriteStringValue("1.0.0")),
                ["media"] = () => Field(json, random, "media", () => Object(json, random,
                    () => Field(json, random, "track", () => json.WriteStringValue(Pick(random, "inbound", "outbound", "both"))),
                    () => Field(json, random, "chunk", () => Integer(json, random)),
                    () => Field(json, random, "timestamp", () => Integer(json, random)),
                    () => Field(json, random, "payload", () => Payload(json, random)))),
                ["start"] = () => Field(json, random, "start", () => Object(json, random,
                    () => Field(json, random, "accountSid", () => json.WriteStringValue("AC1")),
                    () => Field(json, random, "streamSid", () => json.WriteStringValue(Pick(random, "MZ1", "MZ1", "MZ2"))),
                    () => Field(json, random, "callSid", () => json.WriteStringValue("CA1")),
                    () => Field(json, random, "tracks", () =>
                    {
                        json.WriteStartArray();
                        json.WriteStringValue("inbound");
                        json.WriteEndArray();
                    }),
                    () => Field(json, random, "customParameters", () => Object(json, random,
                        () => Field(json, random, "from", () => json.WriteStringValue("+15550100")))),
                    () => Field(json, random, "mediaFormat", () => Object(json, random,
                        () => Field(json, random, "encoding", () => json.WriteStringValue(Pick(random, "audio/x-mulaw", "audio/x-mulaw", "audio/l16"))),
                        () => Field(json, random, "sampleRate", () => json.WriteNumberValue(Pick(random, 8000, 8000, 16000))),
                        () => Field(json, random, "channels", () => json.WriteNumberValue(Pick(random, 1, 1, 2))))))),
                ["mark"] = () => Field(json, random, "mark", () => Object(json, random,
                    () => Field(json, random, "name", () => json.WriteStringValue($"m{random.Next(5)}")))),
                ["dtmf"] = () => Field(json, random, "dtmf", () => Object(json, random,
                    () => Field(json, random, "track", () => json.WriteStringValue("inbound_track")),
                    () => Field(json, random, "digit", () => json.WriteStringValue(Pick(random, "1", "#", "*", "x", "12", ""))))),
                ["stop"] = () => Field(json, random, "stop", () => Object(json, random,
                    () => Field(json, random, "accountSid", () => json.WriteStringValue("AC1")),
                    () => Field(json, random, "callSid", () => json.WriteStringValue("CA1")))),
            };
            var fields = writers.Where(w => needed.Contains(w.Key) || random.Next(12) == 0).Select(w => w.Value).ToList();

            json.WriteStartObject();
            foreach (var field in fields.OrderBy(_ => random.Next()))
            {
                field();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the field most of the time, usually with a valid value, sometimes with a value of another type.</summary>
    private static void Field(Utf8JsonWriter json, Random random, string name, Action writeValid)
    {
        if (random.Next(16) == 0)
        {
            return;
        }

        json.WritePropertyName(name);
        if (random.Next(16) > 0)
        {
            writeValid();
            return;
        }

        switch (random.Next(7))
        {
            case 0: json.WriteNullValue(); break;
            case 1: json.WriteBooleanValue(true); break;
            case 2: json.WriteNumberValue(4.5); break;
            case 3: json.WriteStringValue("nonsense"); break;
            case 4: json.WriteStartObject(); json.WriteEndObject(); break;
            case 5: json.WriteStartArray(); json.WriteNumberValue(1); json.WriteEndArray(); break;
            default: json.WriteNumberValue(-7); break;
        }
    }

    private static void Object(Utf8JsonWriter json, Random random, params Action[] fields)
    {
        json.WriteStartObject();
        foreach (var field in fields.OrderBy(_ => random.Next()))
        {
            field();
        }

        json.WriteEndObject();
    }

    private static void Integer(Utf8JsonWriter json, Random random)
    {
        var value = random.Next(0, 100_000);
        if (random.Next(3) == 0)
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void Payload(Utf8JsonWriter json, Random random)
    {
        var bytes = new byte[random.Next(0, PayloadLimit + 40)];
        random.NextBytes(bytes);
        var text = Convert.ToBase64String(bytes);
        json.WriteStringValue(random.Next(6) switch
        {
            0 when text.Length > 0 => text[..^1],
            1 => text + "!",
            _ => text,
        });
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
