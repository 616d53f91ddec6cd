using CallCenter.Calls;

namespace CallCenter.Tests.Understanding;

public sealed class LanguageTests
{
    [Theory]
    [InlineData("where is my package", null, Language.En)]
    [InlineData("yes", Language.Zh, Language.En)]
    [InlineData("我的快递到哪了", null, Language.Zh)]
    [InlineData("我的快递到哪了", Language.En, Language.Zh)]
    [InlineData("A1001到哪了", Language.En, Language.Zh)]
    [InlineData("where is A1001", Language.Zh, Language.En)]
    [InlineData("AeroBuds Pro 无线耳机", Language.En, Language.Zh)]
    [InlineData("one zero zero one", Language.Zh, Language.En)]
    [InlineData("一零零一", Language.En, Language.Zh)]
    public void Any_chinese_character_means_chinese_and_english_words_mean_english(string text, Language? call, Language expected)
    {
        Assert.Equal(expected, DemoNlu.Understand(text, call).Language);
    }

    [Theory]
    [InlineData("A1001")]
    [InlineData("1001")]
    [InlineData("+1 555 0101")]
    [InlineData("13800000001")]
    [InlineData("wang.fang@example.cn")]
    [InlineData("AeroBuds Pro")]
    [InlineData("OK")]
    [InlineData("???")]
    [InlineData("")]
    public void Text_without_a_language_signal_keeps_the_call_language(string text)
    {
        Assert.Equal(Language.Zh, DemoNlu.Understand(text, Language.Zh).Language);
        Assert.Equal(Language.En, DemoNlu.Understand(text, Language.En).Language);
        Assert.Equal(Language.En, DemoNlu.Understand(text).Language);
    }
}
