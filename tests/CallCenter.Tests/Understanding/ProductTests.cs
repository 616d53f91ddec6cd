using CallCenter.Calls;

namespace CallCenter.Tests.Understanding;

public sealed class ProductTests
{
    [Theory]
    [InlineData("how much are the AeroBuds Pro", "P100")]
    [InlineData("aerobuds pro", "P100")]
    [InlineData("aero buds pro", "P100")]
    [InlineData("the areobuds pro please", "P100")]
    [InlineData("the pro ones", "P100")]
    [InlineData("aerobuds lite", "P101")]
    [InlineData("the lite earbuds", "P101")]
    [InlineData("is the TV in stock", "P200")]
    [InlineData("the nimbus", "P200")]
    [InlineData("do you sell televisions", "P200")]
    [InlineData("my smart tv", "P200")]
    [InlineData("running shoes", "P300")]
    [InlineData("the trail runner x", "P300")]
    [InlineData("do you have sneakers", "P300")]
    [InlineData("expresso machine", "P400")]
    [InlineData("the espresso maker", "P400")]
    [InlineData("your coffee machine", "P400")]
    [InlineData("brew master", "P400")]
    [InlineData("the smartwatch", "P500")]
    [InlineData("the smart watch", "P500")]
    [InlineData("kinetic s2", "P500")]
    [InlineData("the kinetik watch", "P500")]
    [InlineData("P300", "P300")]
    [InlineData("咖啡机多少钱", "P400")]
    [InlineData("智能手表有货吗", "P500")]
    [InlineData("电视", "P200")]
    [InlineData("电视机", "P200")]
    [InlineData("跑鞋", "P300")]
    [InlineData("运动鞋还有吗", "P300")]
    [InlineData("AeroBuds Pro 无线耳机", "P100")]
    [InlineData("Nimbus 55寸4K智能电视", "P200")]
    [InlineData("BrewMaster 意式咖啡机", "P400")]
    public void Products_are_matched_to_their_sku(string text, string sku)
    {
        Assert.Equal([sku], DemoNlu.Understand(text).Values(EntityTypes.Product));
    }

    [Theory]
    [InlineData("aerobuds")]
    [InlineData("earbuds")]
    [InlineData("how much are the wireless earbuds")]
    [InlineData("do you sell headphones")]
    [InlineData("耳机")]
    [InlineData("无线耳机多少钱")]
    [InlineData("蓝牙耳机")]
    public void A_name_shared_by_several_products_names_each_candidate(string text)
    {
        Assert.Equal(["P100", "P101"], DemoNlu.Understand(text).Values(EntityTypes.Product));
    }

    [Fact]
    public void Two_different_products_are_both_reported()
    {
        Assert.Equal(["P200", "P500"], DemoNlu.Understand("the tv and the smartwatch").Values(EntityTypes.Product));
        Assert.Equal(["P400", "P300"], DemoNlu.Understand("咖啡机和跑鞋").Values(EntityTypes.Product));
    }

    [Fact]
    public void A_vague_mention_is_refined_by_a_specific_one()
    {
        Assert.Equal(["P100"], DemoNlu.Understand("the earbuds, the AeroBuds Pro I mean").Values(EntityTypes.Product));
    }

    [Theory]
    [InlineData("what's the weather on mars")]
    [InlineData("what's the weather like")]
    [InlineData("I want to watch a movie")]
    [InlineData("you are smart")]
    [InlineData("is the wireless network down")]
    [InlineData("my order is running late")]
    [InlineData("do you have a free trial")]
    [InlineData("I have a question about the shows")]
    [InlineData("that's the pros and cons")]
    [InlineData("it's a washing machine")]
    [InlineData("智能")]
    [InlineData("今天天气怎么样")]
    [InlineData("我要看电影")]
    public void Everyday_words_are_not_products(string text)
    {
        Assert.Empty(DemoNlu.Understand(text).Values(EntityTypes.Product));
    }
}
