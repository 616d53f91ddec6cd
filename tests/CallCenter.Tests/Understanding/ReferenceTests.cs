using CallCenter.Calls;

namespace CallCenter.Tests.Understanding;

public sealed class ReferenceTests
{
    [Theory]
    [InlineData("cancel it")]
    [InlineData("that one")]
    [InlineData("the same order")]
    [InlineData("where is it now")]
    [InlineData("I don't want it anymore")]
    [InlineData("can you send them back")]
    [InlineData("cancel that")]
    [InlineData("the other one")]
    [InlineData("is this one in stock")]
    [InlineData("那个订单")]
    [InlineData("它到哪了")]
    [InlineData("这个多少钱")]
    [InlineData("取消刚才那个")]
    public void Pointing_back_is_detected(string text)
    {
        Assert.True(DemoNlu.Understand(text).RefersToPrevious, text);
    }

    [Theory]
    [InlineData("where is my package")]
    [InlineData("cancel order A1003")]
    [InlineData("it's A1001")]
    [InlineData("is the TV in stock")]
    [InlineData("hello")]
    [InlineData("I want a refund")]
    [InlineData("我的快递到哪了")]
    [InlineData("取消订单A1003")]
    public void Self_contained_utterances_do_not_refer_back(string text)
    {
        Assert.False(DemoNlu.Understand(text).RefersToPrevious, text);
    }

    [Theory]
    [InlineData("that one")]
    [InlineData("the same order")]
    [InlineData("那个订单")]
    public void Pointing_back_alone_answers_the_question_asked(string text)
    {
        DemoNlu.AssertIntent(text, Intent.ProvideInfo);
    }
}
