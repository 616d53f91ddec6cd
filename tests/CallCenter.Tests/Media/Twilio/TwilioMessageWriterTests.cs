using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using CallCenter.Gateway.Media.Twilio;

namespace CallCenter.Tests.Media.Twilio;

public sealed class TwilioMessageWriterTests
{
    private const string StreamSid = TwilioSamples.StreamSid;

    private static void AssertJson(string expected, ReadOnlySpan<byte> actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"expected {expected}\nactual   {Encoding.UTF8.GetString(actual)}");
    }

    [Fact]
    public void Media_has_twilios_documented_shape_with_base64_raw_mulaw()
    {
        var bytes = TwilioMessageWriter.Media(StreamSid, TwilioSamples.MuLawChunk);

        AssertJson($$"""
            {
              "event": "media",
              "streamSid": "{{StreamSid}}",
              "media": {
                "payload": "{{Convert.ToBase64String(TwilioSamples.MuLawChunk)}}"
              }
            }
            """, bytes);
    }

    [Fact]
    public void Mark_and_clear_have_twilios_documented_shapes()
    {
        AssertJson($$$"""{"event":"mark","streamSid":"{{{StreamSid}}}","mark":{"name":"reply-1"}}""", TwilioMessageWriter.Mark(StreamSid, "reply-1"));
        AssertJson($$"""{"event":"clear","streamSid":"{{StreamSid}}"}""", TwilioMessageWriter.Clear(StreamSid));
    }

    [Fact]
    public void Fields_come_in_twilios_order()
    {
        var text = Encoding.UTF8.GetString(TwilioMessageWriter.Mark(StreamSid, "m"));

        Assert.Equal($$$"""{"event":"mark","streamSid":"{{{StreamSid}}}","mark":{"name":"m"}}""", text);
    }

    [Fact]
    public void A_mark_name_with_quotes_and_chinese_survives_the_round_trip_through_our_parser()
    {
        const string name = "回复 \"1\" <+>\\";
        var bytes = TwilioMessageWriter.Mark(StreamSid, name);

        var mark = Assert.IsType<TwilioMark>(new TwilioMessageParser().Parse(bytes).Message);

        Assert.Equal(name, mark.Name);
        Assert.Contains("回复", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Writers_append_to_a_reused_buffer_one_message_after_another()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var audio = new byte[] { 1, 2, 3, 250 };

        TwilioMessageWriter.WriteMedia(buffer, StreamSid, audio);
        var first = buffer.WrittenSpan.ToArray();
        buffer.ResetWrittenCount();
        TwilioMessageWriter.WriteClear(buffer, StreamSid);

        var media = JsonNode.Parse(first)!;
        Assert.Equal(audio, Convert.FromBase64String(media["media"]!["payload"]!.GetValue<string>()));
        AssertJson($$"""{"event":"clear","streamSid":"{{StreamSid}}"}""", buffer.WrittenSpan);
    }

    [Fact]
    public void A_missing_stream_sid_or_mark_name_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => TwilioMessageWriter.Clear(""));
        Assert.Throws<ArgumentException>(() => TwilioMessageWriter.Mark(StreamSid, ""));
    }
}
