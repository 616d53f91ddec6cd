using System.Text;
using CallCenter.Calls;
using CallCenter.Gateway.Media.Pcm;

namespace CallCenter.Tests.Media.Pcm;

public sealed class PcmMessageParserTests
{
    private static PcmParseResult Parse(string json) => PcmMessageParser.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"type":"start","language":"en","customerPhone":"+15550100"}""", Language.En, "+15550100")]
    [InlineData("""{"type":"start","language":"zh"}""", Language.Zh, null)]
    [InlineData("""{"type":"START","language":" ZH ","customerPhone":null}""", Language.Zh, null)]
    [InlineData("""{"language":"en","customerPhone":"  ","type":"start","extra":[1,2]}""", Language.En, null)]
    public void Start_parses_language_and_optional_phone(string json, Language language, string? phone)
    {
        var result = Parse(json);

        Assert.Null(result.Error);
        Assert.Equal(new PcmStart(language, phone), result.Message);
    }

    [Theory]
    [InlineData("""{"type":"dtmf","digit":"1"}""", '1')]
    [InlineData("""{"type":"dtmf","digit":"#"}""", '#')]
    [InlineData("""{"type":"dtmf","digit":"*"}""", '*')]
    [InlineData("""{"type":"dtmf","digit":0}""", '0')]
    public void Dtmf_parses_a_key(string json, char digit) => Assert.Equal(new PcmDtmf(digit), Parse(json).Message);

    [Fact]
    public void Hangup_parses() => Assert.IsType<PcmHangup>(Parse("""{"type":"hangup"}""").Message);

    [Theory]
    [InlineData("", PcmErrorKind.MalformedJson, "not valid JSON")]
    [InlineData("{\"type\":\"start\"", PcmErrorKind.MalformedJson, "not valid JSON")]
    [InlineData("""{"type":"hangup"} {"type":"hangup"}""", PcmErrorKind.MalformedJson, "not valid JSON")]
    [InlineData("""["hangup"]""", PcmErrorKind.WrongType, "JSON object, not an array")]
    [InlineData("""{}""", PcmErrorKind.MissingType, "\"type\"")]
    [InlineData("""{"type":7}""", PcmErrorKind.WrongType, "\"type\" must be a string, not a number")]
    [InlineData("""{"type":"pause"}""", PcmErrorKind.UnknownType, "Unknown message type \"pause\"; send start, dtmf or hangup")]
    [InlineData("""{"type":"start"}""", PcmErrorKind.MissingField, "\"language\"")]
    [InlineData("""{"type":"start","language":null}""", PcmErrorKind.MissingField, "\"language\"")]
    [InlineData("""{"type":"start","language":"fr"}""", PcmErrorKind.InvalidValue, "Unknown language \"fr\"; use \"en\" or \"zh\"")]
    [InlineData("""{"type":"start","language":1}""", PcmErrorKind.WrongType, "\"language\" must be a string")]
    [InlineData("""{"type":"start","language":"en","customerPhone":15550100}""", PcmErrorKind.WrongType, "\"customerPhone\" must be a string, not a number")]
    [InlineData("""{"type":"dtmf"}""", PcmErrorKind.MissingField, "\"digit\"")]
    [InlineData("""{"type":"dtmf","digit":"x"}""", PcmErrorKind.InvalidValue, "\"digit\" \"x\" is not a DTMF key")]
    [InlineData("""{"type":"dtmf","digit":"12"}""", PcmErrorKind.InvalidValue, "\"12\"")]
    [InlineData("""{"type":"dtmf","digit":""}""", PcmErrorKind.InvalidValue, "is not a DTMF key")]
    [InlineData("""{"type":"dtmf","digit":10}""", PcmErrorKind.InvalidValue, "10 is not a DTMF key")]
    [InlineData("""{"type":"dtmf","digit":["1"]}""", PcmErrorKind.WrongType, "not an array")]
    public void A_bad_message_gives_an_error_naming_the_problem(string json, PcmErrorKind kind, string reasonFragment)
    {
        var result = Parse(json);

        Assert.True(result.IsError);
        Assert.Null(result.Message);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Contains(reasonFragment, result.Error.Reason);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_malformed()
    {
        byte[] bytes = [.. "{\"type\":\""u8, 0xff, .. "\"}"u8];

        Assert.Equal(PcmErrorKind.MalformedJson, PcmMessageParser.Parse(bytes).Error?.Kind);
    }
}
