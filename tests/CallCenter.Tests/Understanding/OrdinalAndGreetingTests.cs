using CallCenter.Calls;

namespace CallCenter.Tests.Understanding;

/// <summary>Picks from an offered list ("the second one", "第二个"), and greetings in front of a request.</summary>
public sealed class OrdinalAndGreetingTests
{
    [Theory]
    [InlineData("the first one", "1")]
    [InlineData("the second one", "2")]
    [InlineData("second one please", "2")]
    [InlineData("no, the second one", "2")]
    [InlineData("the 3rd one", "3")]
    [InlineData("the last one", "-1")]
    [InlineData("第一个", "1")]
    [InlineData("第二个吧", "2")]
    [InlineData("要第2款", "2")]
    [InlineData("最后一个", "-1")]
    public void A_pick_by_position_is_an_ordinal_answer(string text, string position)
    {
        var result = DemoNlu.Understand(text);
        Assert.Equal(Intent.ProvideInfo, result.Intent);
        Assert.Contains(new Entity(EntityTypes.Ordinal, position), result.Entities);
    }

    [Theory]
    [InlineData("wait a second")]
    [InlineData("first of all where is my order")]
    [InlineData("this is the last time I order from you")]
    [InlineData("我第一次买")]
    public void Ordinal_words_that_pick_nothing_are_not_ordinals(string text)
    {
        Assert.DoesNotContain(DemoNlu.Understand(text).Entities, e => e.Type == EntityTypes.Ordinal);
    }

    [Theory]
    [InlineData("hey I need to cancel something I ordered", Intent.CancelOrder)]
    [InlineData("hi, where is my order", Intent.OrderStatus)]
    [InlineData("hello there, can I get a refund for my shoes", Intent.ReturnRequest)]
    [InlineData("good morning, do you have the espresso machine in stock", Intent.ProductInfo)]
    [InlineData("你好，我想取消订单", Intent.CancelOrder)]
    [InlineData("hello", Intent.Greeting)]
    [InlineData("hi there", Intent.Greeting)]
    [InlineData("hey how are you", Intent.Greeting)]
    public void A_greeting_in_front_of_a_request_is_the_request(string text, Intent expected)
    {
        Assert.Equal(expected, DemoNlu.Understand(text).Intent);
    }
}
