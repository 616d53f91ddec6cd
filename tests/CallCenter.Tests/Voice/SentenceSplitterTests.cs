using CallCenter.Voice;

namespace CallCenter.Tests.Voice;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void English_replies_split_after_sentence_ends_but_not_inside_prices_or_abbreviations()
    {
        var sentences = SentenceSplitter.Split(
            "The AeroBuds Pro wireless earbuds cost $129.00, and it's in stock (42 available). Anything else? Ask Dr. Smith! Thanks.");
        Assert.Equal(
            ["The AeroBuds Pro wireless earbuds cost $129.00, and it's in stock (42 available).", "Anything else?", "Ask Dr. Smith!", "Thanks."],
            sentences);
    }

    [Fact]
    public void Chinese_replies_split_after_full_width_punctuation()
    {
        var sentences = SentenceSplitter.Split("订单 A1005（Kinetic S2 智能手表）已由SF Express发出，运单号 SF1234567890123。预计11月26日送达。还有其他问题吗？");
        Assert.Equal(["订单 A1005（Kinetic S2 智能手表）已由SF Express发出，运单号 SF1234567890123。", "预计11月26日送达。", "还有其他问题吗？"], sentences);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("No punctuation at all", 1)]
    [InlineData("Order A1001 (earbuds) has shipped.\" Next.", 2)]
    public void Edge_cases(string text, int count) => Assert.Equal(count, SentenceSplitter.Split(text).Count);
}
