using CallCenter.Calls;

namespace CallCenter.Tests.Understanding;

public sealed class ContactTests
{
    [Theory]
    [InlineData("+1 555-0101", "+15550101")]
    [InlineData("555 0101", "5550101")]
    [InlineData("my number is 555-0102", "5550102")]
    [InlineData("call me on (555) 010-2345", "5550102345")]
    [InlineData("13800000001", "13800000001")]
    [InlineData("我的手机号是138 0000 0002", "13800000002")]
    [InlineData("+86 138-0000-0001", "+8613800000001")]
    [InlineData("five five five zero one zero one", "5550101")]
    [InlineData("double five five, oh one oh three", "5550103")]
    [InlineData("幺三八零零零零零零零幺", "13800000001")]
    [InlineData("＋１ ５５５ ０１０１", "+15550101")]
    public void Phone_numbers_are_digits_with_an_optional_plus(string text, string expected)
    {
        Assert.Equal([expected], DemoNlu.Understand(text).Values(EntityTypes.Phone));
    }

    [Theory]
    [InlineData("A1001")]
    [InlineData("1001")]
    [InlineData("the tv is 649 dollars")]
    [InlineData("it costs $1,299,000")]
    [InlineData("my tracking number is 1Z999AA10123456784")]
    [InlineData("price is 89.90")]
    public void Short_numbers_prices_and_codes_are_not_phone_numbers(string text)
    {
        Assert.Empty(DemoNlu.Understand(text).Values(EntityTypes.Phone));
    }

    [Theory]
    [InlineData("my email is Bob.M@Example.com", "bob.m@example.com")]
    [InlineData("email: alice.chen@example.com.", "alice.chen@example.com")]
    [InlineData("it's tom.obrien+orders@example.co.uk thanks", "tom.obrien+orders@example.co.uk")]
    [InlineData("邮箱是wang.fang@example.cn", "wang.fang@example.cn")]
    [InlineData("WANG.FANG@EXAMPLE.CN是我的邮箱", "wang.fang@example.cn")]
    public void Emails_are_lower_cased(string text, string expected)
    {
        var result = DemoNlu.Understand(text);
        Assert.Equal([expected], result.Values(EntityTypes.Email));
        Assert.Empty(result.Values(EntityTypes.OrderNumber));
        Assert.Empty(result.Values(EntityTypes.Phone));
    }

    [Theory]
    [InlineData("user1001@example.com")]
    [InlineData("5550101@example.com")]
    public void Digits_inside_an_email_are_part_of_the_email(string text)
    {
        var result = DemoNlu.Understand(text);
        Assert.Equal([text], result.Values(EntityTypes.Email));
        Assert.Empty(result.Values(EntityTypes.OrderNumber));
        Assert.Empty(result.Values(EntityTypes.Phone));
    }
}
