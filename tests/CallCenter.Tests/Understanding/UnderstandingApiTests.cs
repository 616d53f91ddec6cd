using CallCenter.Calls;
using CallCenter.Dialogue.Understanding;

namespace CallCenter.Tests.Understanding;

public sealed class UnderstandingApiTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("AB12")]
    public void The_order_prefix_must_be_one_letter(string prefix)
    {
        Assert.Throws<ArgumentException>(() => new NaturalLanguageUnderstanding(DemoNlu.Catalog, prefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!...")]
    [InlineData("asdf qwer zxcv")]
    public void Empty_or_meaningless_input_is_not_understood(string text)
    {
        var result = DemoNlu.Understand(text);
        Assert.Equal(Intent.NotUnderstood, result.Intent);
        Assert.Empty(result.Entities);
        Assert.InRange(result.Confidence, 0.0, 1.0);
    }

    [Fact]
    public void Null_text_is_treated_as_empty()
    {
        Assert.Equal(Intent.NotUnderstood, DemoNlu.Understand(null!).Intent);
    }

    [Fact]
    public void A_close_match_is_more_confident_than_a_vague_one()
    {
        var clear = DemoNlu.Understand("where is my package");
        var vague = DemoNlu.Understand("did you send my order out yet");
        Assert.Equal(Intent.OrderStatus, clear.Intent);
        Assert.Equal(Intent.OrderStatus, vague.Intent);
        Assert.True(clear.Confidence > vague.Confidence, $"{clear.Confidence} <= {vague.Confidence}");
        Assert.True(clear.Confidence >= 0.8);
    }

    [Fact]
    public void Works_with_an_empty_catalog()
    {
        var nlu = new NaturalLanguageUnderstanding([]);
        var result = nlu.Understand("how much are the earbuds");
        Assert.Equal(Intent.ProductInfo, result.Intent);
        Assert.Empty(result.Entities);
    }

    [Fact]
    public void One_instance_can_be_used_from_many_threads()
    {
        string[] texts = ["where is my package", "我的快递到哪了", "cancel A1003", "how much are the aerobuds", "my number is 555 0101", "转人工"];
        var expected = texts.Select(t => DemoNlu.Understand(t)).ToArray();
        Parallel.For(0, 4000, i =>
        {
            var r = DemoNlu.Understand(texts[i % texts.Length]);
            var e = expected[i % texts.Length];
            Assert.Equal(e.Intent, r.Intent);
            Assert.Equal(e.Entities, r.Entities);
            Assert.Equal(e.NormalizedText, r.NormalizedText);
        });
    }
}
