using CallCenter.Calls;
using CallCenter.Dialogue.Understanding;

namespace CallCenter.Tests.Understanding;

public sealed class OrderNumberTests
{
    [Theory]
    [InlineData("A1001", "A1001")]
    [InlineData("a1001", "A1001")]
    [InlineData("a 1 0 0 1", "A1001")]
    [InlineData("A-1002", "A1002")]
    [InlineData("order one zero zero one", "A1001")]
    [InlineData("order number 1001", "A1001")]
    [InlineData("it's order ten oh three", "A1003")]
    [InlineData("one thousand and one", "A1001")]
    [InlineData("one thousand nine", "A1009")]
    [InlineData("a one zero zero four", "A1004")]
    [InlineData("um, the order is, uh, one zero zero five", "A1005")]
    [InlineData("where is A1006?", "A1006")]
    [InlineData("B2002", "B2002")]
    [InlineData("一零零一", "A1001")]
    [InlineData("幺零零一", "A1001")]
    [InlineData("A一零零一", "A1001")]
    [InlineData("订单1001", "A1001")]
    [InlineData("订单号是A1003", "A1003")]
    [InlineData("我的订单号是一零零七", "A1007")]
    [InlineData("一千零八", "A1008")]
    [InlineData("Ａ１００９", "A1009")]
    public void Order_numbers_are_found_and_normalized(string text, string expected)
    {
        Assert.Equal([expected], DemoNlu.Understand(text).Values(EntityTypes.OrderNumber));
    }

    [Fact]
    public void Several_order_numbers_are_all_reported_once_each()
    {
        Assert.Equal(["A1001", "A1002"], DemoNlu.Understand("A1001 and A1002, oh and A1001 again").Values(EntityTypes.OrderNumber));
        Assert.Equal(["A1001", "A1002"], DemoNlu.Understand("1001, 1002").Values(EntityTypes.OrderNumber));
    }

    [Fact]
    public void Digits_without_a_letter_take_the_configured_prefix()
    {
        var nlu = new NaturalLanguageUnderstanding(DemoNlu.Catalog, defaultOrderPrefix: "b");
        Assert.Equal(["B1001"], nlu.Understand("1001").Values(EntityTypes.OrderNumber));
        Assert.Equal(["A1001"], nlu.Understand("A1001").Values(EntityTypes.OrderNumber));
    }

    [Theory]
    [InlineData("my number is 555 0101")]
    [InlineData("call me at +1 555-0101")]
    [InlineData("13800000001")]
    [InlineData("my phone is 138 0000 1001")]
    [InlineData("five five five one zero zero one")]
    [InlineData("it costs $1001")]
    [InlineData("I paid 1001 dollars")]
    [InlineData("that's 1001.50 in total")]
    [InlineData("I ordered it in 2026")]
    [InlineData("2026年买的")]
    [InlineData("一千块太贵了")]
    [InlineData("the 55 inch tv")]
    [InlineData("it arrived at 10:30")]
    [InlineData("I want one")]
    [InlineData("I'll take two of them")]
    [InlineData("等一下")]
    [InlineData("保修一年吗")]
    public void Phones_prices_dates_and_small_numbers_are_not_order_numbers(string text)
    {
        Assert.Empty(DemoNlu.Understand(text).Values(EntityTypes.OrderNumber));
    }

    [Fact]
    public void An_order_number_next_to_a_phone_number_stays_separate()
    {
        var result = DemoNlu.Understand("order A1001, my phone is 555 0101");
        Assert.Equal(["A1001"], result.Values(EntityTypes.OrderNumber));
        Assert.Equal(["5550101"], result.Values(EntityTypes.Phone));
    }
}
