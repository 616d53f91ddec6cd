using System.Text;
using System.Text.Json.Nodes;
using CallCenter.Calls;
using CallCenter.Gateway.Media.Pcm;

namespace CallCenter.Tests.Media.Pcm;

public sealed class PcmMessageWriterTests
{
    public static TheoryData<PcmServerMessage, string> Messages => new()
    {
        { new PcmStarted("ac8509daf1c74f118d0e2f528b11f3c5"), """{"type":"started","callId":"ac8509daf1c74f118d0e2f528b11f3c5"}""" },
        { new PcmTranscript("where's my package", false), """{"type":"transcript","text":"where's my package","final":false}""" },
        { new PcmTranscript("where's my package?", true), """{"type":"transcript","text":"where's my package?","final":true}""" },
        { new PcmReply("Sure, I can check that."), """{"type":"reply","text":"Sure, I can check that."}""" },
        { new PcmEmotion(-0.42, -0.1), """{"type":"emotion","score":-0.42,"trend":-0.1}""" },
        { new PcmClear(), """{"type":"clear"}""" },
        { new PcmStatus(CallStatus.WaitingForAgent), """{"type":"status","status":"waiting_for_agent"}""" },
        { new PcmError("The sample rate is missing."), """{"type":"error","error":"The sample rate is missing."}""" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_server_message_has_its_documented_shape(PcmServerMessage message, string expected)
    {
        var bytes = PcmMessageWriter.ToUtf8(message);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(bytes)), Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Chinese_text_goes_out_as_utf8_not_escapes()
    {
        var text = Encoding.UTF8.GetString(PcmMessageWriter.ToUtf8(new PcmReply("订单 A1005 \"已发出\"")));

        Assert.Equal("""{"type":"reply","text":"订单 A1005 \"已发出\""}""", text);
    }
}
