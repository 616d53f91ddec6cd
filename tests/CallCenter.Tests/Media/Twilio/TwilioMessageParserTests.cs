using System.Text;
using CallCenter.Gateway.Media.Twilio;
using static CallCenter.Tests.Media.Twilio.TwilioSamples;

namespace CallCenter.Tests.Media.Twilio;

public sealed class TwilioMessageParserTests
{
    private readonly TwilioMessageParser _parser = new();

    private TwilioParseResult Parse(string json) => _parser.Parse(Utf8(json));

    private TwilioParseError ParseError(string json, TwilioParseErrorKind kind)
    {
        var result = Parse(json);
        Assert.True(result.IsError, $"Expected {kind}, got {result}");
        Assert.Equal(kind, result.Error!.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Reason));
        return result.Error;
    }

    [Fact]
    public void Connected_parses_protocol_and_version()
    {
        var result = Parse(Connected);

        Assert.Equal(TwilioEvent.Connected, result.Event);
        Assert.Equal(new TwilioConnected("Call", "1.0.0"), result.Message);
    }

    [Fact]
    public void Start_parses_identity_tracks_format_and_custom_parameters()
    {
        var start = Assert.IsType<TwilioStart>(Parse(Start).Message);

        Assert.Equal(1, start.SequenceNumber);
        Assert.Equal(StreamSid, start.StreamSid);
        Assert.Equal(AccountSid, start.AccountSid);
        Assert.Equal(CallSid, start.CallSid);
        Assert.Equal(["inbound"], start.Tracks);
        Assert.Equal("+15550100", Assert.Single(start.CustomParameters, p => p.Key == "from").Value);
        Assert.Equal(TwilioMediaFormat.MuLaw8kMono, start.MediaFormat);
    }

    [Fact]
    public void Start_without_custom_parameters_has_an_empty_set()
    {
        var json = Start.Replace("\"from\": \"+15550100\"", "");
        Assert.Empty(Assert.IsType<TwilioStart>(Parse(json).Message).CustomParameters);

        var withoutField = """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","callSid":"CA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}""";
        var start = Assert.IsType<TwilioStart>(Parse(withoutField).Message);
        Assert.Empty(start.CustomParameters);
        Assert.Equal("MZ1", start.StreamSid);
    }

    [Fact]
    public void Media_parses_string_numbers_and_decodes_the_payload()
    {
        var result = Parse(MediaMessage(sequenceNumber: 4, chunk: 2, timestamp: 5));

        Assert.True(result.IsMedia);
        Assert.Null(result.Message);
        var media = result.Media;
        Assert.Equal(4, media.SequenceNumber);
        Assert.Equal(2, media.Chunk);
        Assert.Equal(5, media.Timestamp);
        Assert.Equal("inbound", media.Track);
        Assert.Equal(StreamSid, media.StreamSid);
        Assert.Equal(MuLawChunk, media.Payload.ToArray());
    }

    [Fact]
    public void Mark_dtmf_and_stop_parse()
    {
        Assert.Equal(new TwilioMark(4, StreamSid, "reply-1"), Parse(Mark()).Message);
        Assert.Equal(new TwilioDtmf(5, StreamSid, "inbound_track", '1'), Parse(Dtmf).Message);
        Assert.Equal(new TwilioStop(6, StreamSid, AccountSid, CallSid), Parse(Stop).Message);
    }

    [Fact]
    public void Numbers_are_accepted_as_strings_or_json_numbers_either_way()
    {
        var media = Parse("""{"event":"media","sequenceNumber":4,"media":{"track":"inbound","chunk":2,"timestamp":5,"payload":"/w=="},"streamSid":"MZ1"}""").Media;
        Assert.Equal((4L, 2L, 5L), (media.SequenceNumber, media.Chunk, media.Timestamp));

        var start = Assert.IsType<TwilioStart>(Parse(Start.Replace("\"sampleRate\": 8000", "\"sampleRate\": \"8000\"").Replace("\"channels\": 1", "\"channels\": \"1\"")).Message);
        Assert.Equal(8000, start.MediaFormat.SampleRate);

        Assert.Equal('7', Assert.IsType<TwilioDtmf>(Parse(Dtmf.Replace("\"digit\": \"1\"", "\"digit\": 7")).Message).Digit);
    }

    [Fact]
    public void Field_order_does_not_matter_and_unknown_fields_are_ignored()
    {
        var json = """{"streamSid":"MZ1","media":{"payload":"AAEC","extra":{"deep":[1,2,{"x":null}]},"timestamp":"20","chunk":"3","track":"inbound"},"futureField":true,"sequenceNumber":"9","event":"media"}""";

        var media = Parse(json).Media;

        Assert.Equal(9, media.SequenceNumber);
        Assert.Equal([0, 1, 2], media.Payload.ToArray());
    }

    [Fact]
    public void An_escaped_slash_in_the_payload_is_unescaped_before_decoding()
    {
        byte[] bytes = [0xff, 0xff, 0xff];  // base64 "////"
        var media = Parse("""{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"0","payload":"\/\/\/\/"}}""").Media;
        Assert.Equal(bytes, media.Payload.ToArray());
    }

    [Fact]
    public void A_payload_at_the_limit_is_accepted_and_one_byte_more_is_refused()
    {
        var parser = new TwilioMessageParser(maxPayloadBytes: 300);

        Assert.Equal(300, parser.Parse(Utf8(MediaMessage(payload: new byte[300]))).Media.Payload.Length);
        var error = parser.Parse(Utf8(MediaMessage(payload: new byte[301]))).Error;
        Assert.Equal(TwilioParseErrorKind.PayloadTooLarge, error?.Kind);
        Assert.Contains("300", error!.Reason);
    }

    [Fact]
    public void Media_payloads_of_different_sizes_reuse_and_grow_the_buffer_correctly()
    {
        var random = new Random(7);
        foreach (var size in new[] { 160, 10, 2000, 160, 0, 16 * 1024 })
        {
            var payload = new byte[size];
            random.NextBytes(payload);
            Assert.Equal(payload, _parser.Parse(Utf8(MediaMessage(payload: payload))).Media.Payload.ToArray());
        }
    }

    [Fact]
    public void A_media_message_allocates_nothing_once_the_stream_is_known()
    {
        var messages = Enumerable.Range(2, 5000).Select(i => Utf8(MediaMessage(sequenceNumber: i, chunk: i - 1, timestamp: (i - 2) * 20))).ToArray();
        var session = new TwilioStreamSession();
        session.Receive(_parser.Parse(Utf8(Connected)));
        session.Receive(_parser.Parse(Utf8(Start)));
        // Warm up: the payload buffer grows on the first message.
        Assert.True(session.Receive(_parser.Parse(messages[0])).IsAccepted);

        long bytesOfAudio = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < messages.Length; i++)
        {
            var result = _parser.Parse(messages[i]);
            session.Receive(in result);
            bytesOfAudio += result.Media.Payload.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4999 * 160, bytesOfAudio);
        Assert.Equal(0, session.SequenceGaps);
        // Zero per message. One allocation per message would be at least 24 B × 4,999 ≈ 120 KB; the 32 KiB slack covers
        // one-off runtime allocations on this thread (tiered JIT, on-stack replacement) when the whole suite runs.
        Assert.True(allocated < 32 * 1024, $"{allocated} bytes allocated for 4,999 media messages");
    }

    public static TheoryData<string, TwilioParseErrorKind, string> Malformed => new()
    {
        { "", TwilioParseErrorKind.MalformedJson, "not valid JSON" },
        { "not json", TwilioParseErrorKind.MalformedJson, "not valid JSON" },
        { """{"event":"media","sequenceNumber":"4","media":{"track":"inbound""", TwilioParseErrorKind.MalformedJson, "not valid JSON" },
        { """{"event":"connected","protocol":"Call","version":"1.0.0"} {}""", TwilioParseErrorKind.MalformedJson, "not valid JSON" },
        { """{"event":"connected","protocol":"Call","version":"1.0.0",}""", TwilioParseErrorKind.MalformedJson, "not valid JSON" },
        { """[{"event":"connected"}]""", TwilioParseErrorKind.WrongType, "JSON object" },
        { "\"media\"", TwilioParseErrorKind.WrongType, "JSON object" },
        { "{}", TwilioParseErrorKind.MissingEvent, "\"event\"" },
        { """{"event":"hello"}""", TwilioParseErrorKind.UnknownEvent, "\"hello\"" },
        { """{"event":"clear","streamSid":"MZ1"}""", TwilioParseErrorKind.UnknownEvent, "\"clear\"" },
        { """{"event":5}""", TwilioParseErrorKind.WrongType, "event must be a string, not a number" },
        { """{"event":"connected","protocol":"Call"}""", TwilioParseErrorKind.MissingField, "version" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"0"}}""", TwilioParseErrorKind.MissingField, "media.payload" },
        { """{"event":"media","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"0","payload":""}}""", TwilioParseErrorKind.MissingField, "sequenceNumber" },
        { """{"event":"media","sequenceNumber":"2","media":{"track":"inbound","chunk":"1","timestamp":"0","payload":""}}""", TwilioParseErrorKind.MissingField, "streamSid" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1"}""", TwilioParseErrorKind.MissingField, "no media" },
        { """{"event":"media","sequenceNumber":"four","streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "sequenceNumber must be a non-negative integer; got \"four\"" },
        { """{"event":"media","sequenceNumber":"-1","streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "sequenceNumber" },
        { """{"event":"media","sequenceNumber":-1,"streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "got -1" },
        { """{"event":"media","sequenceNumber":4.5,"streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "got 4.5" },
        { """{"event":"media","sequenceNumber":"99999999999999999999","streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "sequenceNumber" },
        { """{"event":"media","sequenceNumber":true,"streamSid":"MZ1","media":{}}""", TwilioParseErrorKind.WrongType, "not a boolean" },
        { """{"event":"media","sequenceNumber":"2","streamSid":7,"media":{}}""", TwilioParseErrorKind.WrongType, "streamSid must be a string" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":"AAAA"}""", TwilioParseErrorKind.WrongType, "media must be an object, not a string" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"chunk":"x"}}""", TwilioParseErrorKind.WrongType, "media.chunk" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"timestamp":[]}}""", TwilioParseErrorKind.WrongType, "media.timestamp" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"track":1}}""", TwilioParseErrorKind.WrongType, "media.track" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"payload":123}}""", TwilioParseErrorKind.WrongType, "media.payload must be a base64 string" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"payload":"@@@@"}}""", TwilioParseErrorKind.BadBase64, "not valid base64" },
        { """{"event":"media","sequenceNumber":"2","streamSid":"MZ1","media":{"payload":"AAA"}}""", TwilioParseErrorKind.BadBase64, "not valid base64" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","callSid":"CA1","tracks":["inbound"]}}""", TwilioParseErrorKind.MissingField, "start.mediaFormat" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"callSid":"CA1","tracks":["inbound"],"mediaFormat":{}}}""", TwilioParseErrorKind.MissingField, "start.accountSid" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","callSid":"CA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}}}""", TwilioParseErrorKind.MissingField, "channels" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","callSid":"CA1","tracks":"inbound"}}""", TwilioParseErrorKind.WrongType, "start.tracks must be an array of strings" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"tracks":["inbound",3]}}""", TwilioParseErrorKind.WrongType, "start.tracks[]" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"customParameters":{"from":15550100}}}""", TwilioParseErrorKind.WrongType, "start.customParameters.from must be a string" },
        { """{"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"streamSid":"MZ2","accountSid":"AC1","callSid":"CA1","tracks":[],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}""", TwilioParseErrorKind.InvalidValue, "differ" },
        { """{"event":"dtmf","dtmf":{"track":"inbound_track","digit":"x"}}""", TwilioParseErrorKind.InvalidValue, "dtmf.digit \"x\" is not a DTMF key" },
        { """{"event":"dtmf","dtmf":{"track":"inbound_track","digit":"12"}}""", TwilioParseErrorKind.InvalidValue, "\"12\"" },
        { """{"event":"dtmf","dtmf":{"track":"inbound_track","digit":12}}""", TwilioParseErrorKind.WrongType, "dtmf.digit" },
        { """{"event":"dtmf","dtmf":{"track":"inbound_track"}}""", TwilioParseErrorKind.MissingField, "dtmf.digit" },
        { """{"event":"mark","streamSid":"MZ1","mark":{}}""", TwilioParseErrorKind.MissingField, "mark.name" },
        { """{"event":"mark","streamSid":"MZ1","mark":{"name":null}}""", TwilioParseErrorKind.WrongType, "mark.name must be a string, not null" },
        { """{"event":"stop","stop":{"accountSid":"AC1"}}""", TwilioParseErrorKind.MissingField, "stop.callSid" },
        { """{"event":"stop"}""", TwilioParseErrorKind.MissingField, "no stop" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_message_gives_an_error_naming_the_problem(string json, TwilioParseErrorKind kind, string reasonFragment)
    {
        var error = ParseError(json, kind);
        Assert.Contains(reasonFragment, error.Reason);
    }

    [Theory]
    [InlineData("audio/l16", "16000", "1", "audio/l16 at 16000 Hz with 1 channel")]
    [InlineData("audio/x-mulaw", "16000", "1", "audio/x-mulaw at 16000 Hz")]
    [InlineData("audio/x-mulaw", "8000", "2", "with 2 channel")]
    [InlineData("audio/x-alaw", "8000", "1", "audio/x-alaw at 8000 Hz")]
    public void A_start_with_any_format_but_mulaw_8k_mono_names_what_was_offered(string encoding, string rate, string channels, string offered)
    {
        var json = Start.Replace("\"audio/x-mulaw\"", $"\"{encoding}\"").Replace("\"sampleRate\": 8000", $"\"sampleRate\": {rate}").Replace("\"channels\": 1", $"\"channels\": {channels}");

        var error = ParseError(json, TwilioParseErrorKind.UnsupportedMediaFormat);

        Assert.Contains(offered, error.Reason);
        Assert.Contains("audio/x-mulaw at 8000 Hz with 1 channel", error.Reason);
    }

    [Fact]
    public void A_payload_far_over_the_limit_is_refused_before_it_is_decoded()
    {
        var error = ParseError(MediaMessage(payload: new byte[1024 * 1024]), TwilioParseErrorKind.PayloadTooLarge);

        Assert.Contains("16384", error.Reason);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_malformed()
    {
        var bytes = Utf8("""{"event":"connected","protocol":"Call","version":"X"}""");
        bytes[^4] = 0xC3;  // a lead byte without its continuation

        var result = _parser.Parse(bytes);

        Assert.Equal(TwilioParseErrorKind.MalformedJson, result.Error?.Kind);
        Assert.Contains("UTF-8", result.Error!.Reason);
    }

    [Fact]
    public void Deep_nesting_is_malformed_not_a_stack_overflow()
    {
        var json = "{\"event\":\"connected\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        ParseError(json, TwilioParseErrorKind.MalformedJson);
    }

    [Fact]
    public void An_unknown_event_is_quoted_in_the_error_only_in_part()
    {
        var error = ParseError($$"""{"event":"{{new string('x', 5000)}}"}""", TwilioParseErrorKind.UnknownEvent);

        Assert.True(error.Reason.Length < 200, error.Reason);
    }

    [Fact]
    public void The_media_result_refuses_to_pretend_a_message_is_media()
    {
        var result = Parse(Connected);

        Assert.False(result.TryGetMedia(out _));
        Assert.Throws<InvalidOperationException>(() => result.Media);
        Assert.Null(result.Error);
    }

    [Fact]
    public void The_string_of_a_changed_stream_sid_is_not_mistaken_for_the_cached_one()
    {
        Assert.Equal(StreamSid, _parser.Parse(Utf8(MediaMessage())).Media.StreamSid);
        var other = MediaMessage().Replace(StreamSid, "MZ00000000000000000000000000000000");

        Assert.Equal("MZ00000000000000000000000000000000", _parser.Parse(Encoding.UTF8.GetBytes(other)).Media.StreamSid);
    }
}
