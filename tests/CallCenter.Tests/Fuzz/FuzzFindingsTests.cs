using System.Text;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Media;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Gateway.Media.Twilio;
using CallCenter.Tests.Media.Twilio;

namespace CallCenter.Tests.Fuzz;

/// <summary>
/// The inputs the fuzzing found breaking the parsers, kept as plain cases: each gave an exception or an unbounded
/// error before its fix (README, "Fuzzed parsers").
/// </summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public void A_lone_surrogate_escape_in_a_twilio_message_is_malformed_json_not_an_exception()
    {
        var result = new TwilioMessageParser().Parse("""{"event":"connected","protocol":"Call","version":"\udc00x"}"""u8);

        Assert.Equal(TwilioParseErrorKind.MalformedJson, result.Error!.Kind);
        Assert.Contains("surrogate", result.Error.Reason);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_pcm_message_is_malformed_json_not_an_exception()
    {
        var result = PcmMessageParser.Parse("""{"type":"\ud800","digit":7}"""u8);

        Assert.Equal(PcmErrorKind.MalformedJson, result.Error!.Kind);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_chat_message_type_is_a_400()
    {
        var (command, problem) = ChatMessageParser.Parse("""{"type":"\ud800"}"""u8);

        Assert.Null(command);
        Assert.Equal(400, problem!.Status);
    }

    [Fact]
    public void A_twilio_message_for_another_stream_is_refused_with_a_bounded_reason()
    {
        var parser = new TwilioMessageParser();
        var session = new TwilioStreamSession();
        session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Connected)));
        session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Start)));

        var verdict = session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.MediaMessage().Replace(TwilioSamples.StreamSid, new string('M', 70_000), StringComparison.Ordinal))));

        Assert.InRange(verdict.Error!.Length, 10, 200);
    }

    [Fact]
    public void An_unknown_enum_value_is_quoted_only_in_part()
    {
        Assert.False(ApiJson.TryParseEnum<Calls.CallChannel>(new string('好', 20_000), "channel", out _, out var problem));

        Assert.InRange(problem!.Length, 10, 200);
    }

    [Theory]
    [InlineData("Unknown event \"好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好好…\"; Twilio Media Streams send connected, start, media, mark, dtmf and stop.")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("A short reason")]
    public void A_close_reason_fits_the_websocket_limit_of_123_utf8_bytes_whole_characters(string reason)
    {
        var fit = WebSocketSender.Fit(reason);

        Assert.InRange(Encoding.UTF8.GetByteCount(fit), 1, 123);
        Assert.StartsWith(fit.TrimEnd('…'), reason, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(fit[^1]));
    }
}
