namespace CallCenter.Tests.Understanding;

public sealed class NormalizedTextTests
{
    [Theory]
    [InlineData("Where's my package?!", "where is my package")]
    [InlineData("  WHERE   is my   PACKAGE ", "where is my package")]
    [InlineData("um, where is my package, please", "where is my package")]
    [InlineData("I don't want it", "i do not want it")]
    [InlineData("I dont want it", "i do not want it")]
    [InlineData("it's been a week", "it has been a week")]
    [InlineData("order a 1 0 0 1", "order a1001")]
    [InlineData("order one zero zero one", "order 1001")]
    [InlineData("order A-1001", "order a1001")]
    [InlineData("+1 555-0101", "+15550101")]
    [InlineData("订单号：一零零三", "订单号 1003")]
    [InlineData("嗯，我的快递到哪了？", "我的快递到哪了")]
    [InlineData("请问退货政策是什么", "退货政策是什么")]
    [InlineData("Ｗｈｅｒｅ　ｉｓ　Ａ１００１？", "where is a1001")]
    [InlineData("", "")]
    public void Normalized_text_is_a_stable_cache_key(string text, string expected)
    {
        Assert.Equal(expected, DemoNlu.Understand(text).NormalizedText);
    }

    [Theory]
    [InlineData("Where is my package?", "where's my package")]
    [InlineData("Uh, cancel it please.", "cancel it")]
    [InlineData("A1001", "a 1 0 0 1")]
    [InlineData("我的快递到哪了", "嗯 我的快递到哪了?")]
    public void Spellings_of_the_same_question_share_a_key(string a, string b)
    {
        Assert.Equal(DemoNlu.Understand(a).NormalizedText, DemoNlu.Understand(b).NormalizedText);
    }

    [Fact]
    public void Different_questions_get_different_keys()
    {
        Assert.NotEqual(DemoNlu.Understand("where is A1001").NormalizedText, DemoNlu.Understand("where is A1002").NormalizedText);
        Assert.NotEqual(DemoNlu.Understand("cancel it").NormalizedText, DemoNlu.Understand("return it").NormalizedText);
    }

    [Fact]
    public void A_lone_filler_is_kept_as_the_answer_it_is()
    {
        Assert.Equal("嗯", DemoNlu.Understand("嗯").NormalizedText);
    }
}
