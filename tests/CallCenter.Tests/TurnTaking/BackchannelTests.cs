using CallCenter.Calls;
using CallCenter.Gateway.TurnTaking;

namespace CallCenter.Tests.TurnTaking;

public sealed class BackchannelTests
{
    [Theory]
    [InlineData("mm-hm")]
    [InlineData("Mm hmm.")]
    [InlineData("mhm")]
    [InlineData("Mmm.")]
    [InlineData("hmm")]
    [InlineData("uh huh")]
    [InlineData("Uh-huh.")]
    [InlineData("yeah")]
    [InlineData("Yeah, yeah.")]
    [InlineData("yep")]
    [InlineData("yes")]
    [InlineData("ok")]
    [InlineData("OK.")]
    [InlineData("okay")]
    [InlineData("Okaaay")]
    [InlineData("right")]
    [InlineData("Right, right.")]
    [InlineData("all right")]
    [InlineData("alright")]
    [InlineData("sure")]
    [InlineData("I see.")]
    [InlineData("got it")]
    [InlineData("Oh, okay.")]
    [InlineData("that's right")]
    [InlineData("yeah okay sure")]
    [InlineData("  Yeah!  ")]
    public void English_acknowledgements_are_backchannels(string transcript)
    {
        Assert.True(Backchannel.IsBackchannel(transcript, Language.En), transcript);
    }

    [Theory]
    [InlineData("yeah but I want to cancel")]
    [InlineData("okay cancel my order")]
    [InlineData("no")]
    [InlineData("wait")]
    [InlineData("stop")]
    [InlineData("what?")]
    [InlineData("right now please")]
    [InlineData("A1001")]
    [InlineData("yes 1 2 3")]
    [InlineData("I see a problem with my order")]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("...")]
    [InlineData("yeah yeah yeah yeah yeah yeah yeah")] // more than MaxUnits
    [InlineData("嗯")]                                 // Chinese, but the call is in English
    public void English_turns_that_say_something_are_not(string transcript)
    {
        Assert.False(Backchannel.IsBackchannel(transcript, Language.En), transcript);
    }

    [Theory]
    [InlineData("嗯")]
    [InlineData("嗯嗯")]
    [InlineData("恩")]
    [InlineData("对")]
    [InlineData("对对对")]
    [InlineData("对的")]
    [InlineData("好的")]
    [InlineData("好")]
    [InlineData("是的")]
    [InlineData("是")]
    [InlineData("对啊")]
    [InlineData("好的呀")]
    [InlineData("嗯，好的。")]
    [InlineData("嗯嗯，对对。")]
    [InlineData("没错")]
    [InlineData("明白了")]
    [InlineData("哦")]
    [InlineData("OK")]
    [InlineData("ok的")]
    [InlineData("好的！")]
    public void Chinese_acknowledgements_are_backchannels(string transcript)
    {
        Assert.True(Backchannel.IsBackchannel(transcript, Language.Zh), transcript);
    }

    [Theory]
    [InlineData("不")]
    [InlineData("不对")]
    [InlineData("不是")]
    [InlineData("好的，帮我取消订单")]
    [InlineData("等一下")]
    [InlineData("我的订单在哪")]
    [InlineData("对了我还有个问题")]
    [InlineData("是吗")]
    [InlineData("好不好")]
    [InlineData("嗯我想退货")]
    [InlineData("啊")] // a particle alone is a sound, not an acknowledgement
    [InlineData("")]
    [InlineData("嗯嗯嗯嗯嗯嗯嗯")] // more than MaxUnits
    [InlineData("yeah")]
    public void Chinese_turns_that_say_something_are_not(string transcript)
    {
        Assert.False(Backchannel.IsBackchannel(transcript, Language.Zh), transcript);
    }

    [Fact]
    public void A_missing_transcript_is_not_a_backchannel()
    {
        Assert.False(Backchannel.IsBackchannel(null, Language.En));
    }
}
