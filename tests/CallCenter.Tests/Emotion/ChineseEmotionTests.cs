using CallCenter.Calls;
using CallCenter.Dialogue.Emotion;

namespace CallCenter.Tests.Emotion;

public sealed class ChineseEmotionTests
{
    private static readonly EmotionAnalyzer Analyzer = new();

    private static EmotionReading Read(string text, int previousComplaints = 0) => Analyzer.Analyze(text, Language.Zh, previousComplaints);

    [Theory]
    [InlineData("我很生气")]
    [InlineData("你们太让人失望了")]
    [InlineData("服务太差了")]
    [InlineData("这什么垃圾产品")]
    [InlineData("太离谱了吧")]
    [InlineData("气死我了")]
    [InlineData("你们客服态度很差")]
    [InlineData("真是受够了")]
    [InlineData("这也太过分了")]
    [InlineData("你们就是在敷衍我")]
    [InlineData("我对这次购物很不满意")]
    [InlineData("东西坏了，真的很烦")]
    [InlineData("简直就是坑人")]
    [InlineData("我好失望")]
    [InlineData("你们这服务真让人无语")]
    [InlineData("这个app太垃圾了")]
    [InlineData("一点也不满意")]
    [InlineData("根本不靠谱")]
    public void Negative_turns_score_negative_and_count_as_complaints(string text)
    {
        var reading = Read(text);

        Assert.True(reading.Score < -0.25, $"'{text}' scored {reading.Score}");
        Assert.True(reading.IsComplaint, $"'{text}' was not a complaint");
    }

    [Theory]
    [InlineData("谢谢")]
    [InlineData("非常感谢你的帮助")]
    [InlineData("很好，问题解决了")]
    [InlineData("我很满意")]
    [InlineData("太好了")]
    [InlineData("服务不错")]
    [InlineData("你们客服很专业，很耐心")]
    [InlineData("太棒了，谢谢")]
    [InlineData("我很开心")]
    [InlineData("给你们点赞")]
    [InlineData("辛苦了，多谢")]
    [InlineData("完美")]
    [InlineData("挺好的，没问题")]
    public void Positive_turns_score_positive(string text)
    {
        var reading = Read(text);

        Assert.True(reading.Score > 0.25, $"'{text}' scored {reading.Score}");
        Assert.False(reading.IsComplaint);
        Assert.False(reading.Urgent);
    }

    [Theory]
    [InlineData("我的订单到哪了")]
    [InlineData("你好，我的订单到哪了")]
    [InlineData("我想退货")]
    [InlineData("请帮我查一下订单A1001")]
    [InlineData("你们的退货政策是什么")]
    [InlineData("我要取消订单")]
    [InlineData("我的手机号是13912315678")]
    [InlineData("不好意思，我想问一下运费")]
    [InlineData("好的")]
    [InlineData("麻烦你帮我查一下")]
    [InlineData("我要退差价")]
    [InlineData("大概差不多什么时候到")]
    [InlineData("我要转人工")]
    [InlineData("你好")]
    public void Plain_requests_score_near_zero(string text)
    {
        var reading = Read(text);

        Assert.InRange(reading.Score, -0.1, 0.1);
        Assert.False(reading.IsComplaint);
        Assert.False(reading.Urgent);
    }

    [Theory]
    [InlineData("满意", "不满意")]
    [InlineData("我很满意", "我不是很满意")]
    [InlineData("很好", "不好")]
    [InlineData("很好", "不太好")]
    [InlineData("我很开心", "我不开心")]
    [InlineData("很专业", "不专业")]
    [InlineData("很方便", "一点都不方便")]
    [InlineData("这个很好用", "这个不好用")]
    [InlineData("很有耐心", "没有耐心")]
    [InlineData("问题解决了", "问题还没解决")]
    public void Negating_a_positive_turns_it_negative(string positive, string negated)
    {
        Assert.True(Read(positive).Score > 0, $"'{positive}' scored {Read(positive).Score}");
        Assert.True(Read(negated).Score < 0, $"'{negated}' scored {Read(negated).Score}");
    }

    [Theory]
    [InlineData("很差", "不差")]
    [InlineData("我很生气", "我不生气")]
    [InlineData("我很失望", "我没有失望")]
    [InlineData("很麻烦", "不麻烦")]
    public void Negating_a_negative_makes_it_mildly_positive(string negative, string negated)
    {
        var before = Read(negative).Score;
        var after = Read(negated).Score;

        Assert.True(before < 0, $"'{negative}' scored {before}");
        Assert.True(after > 0, $"'{negated}' scored {after}");
        Assert.True(after < -before, $"'{negated}' ({after}) should be milder than '{negative}' ({before})");
    }

    [Theory]
    [InlineData("没问题")]
    [InlineData("没关系")]
    [InlineData("不错")]
    [InlineData("还不错")]
    public void Fixed_expressions_with_a_negator_are_not_negative(string text)
    {
        Assert.True(Read(text).Score >= 0, $"'{text}' scored {Read(text).Score}");
        Assert.False(Read(text).IsComplaint);
    }

    [Theory]
    [InlineData("还没收到货")]
    [InlineData("我的快递一直没到")]
    [InlineData("等了好久了")]
    [InlineData("这是第三次了")]
    [InlineData("说好的三天发货呢")]
    [InlineData("你们发错货了")]
    [InlineData("我要退钱")]
    [InlineData("我对你们的服务不满")]
    public void Complaint_cues_mark_the_turn_as_a_complaint(string text)
    {
        var reading = Read(text);

        Assert.True(reading.IsComplaint, $"'{text}' was not a complaint");
        Assert.True(reading.Score < 0, $"'{text}' scored {reading.Score}");
    }

    [Theory]
    [InlineData("满意", "很满意")]
    [InlineData("满意", "非常满意")]
    [InlineData("生气", "我很生气")]
    [InlineData("生气", "我特别生气")]
    [InlineData("失望", "太失望了")]
    [InlineData("失望", "超级失望")]
    [InlineData("差", "极其差")]
    [InlineData("烦", "好烦")]
    [InlineData("垃圾", "真是垃圾")]
    [InlineData("感谢", "非常感谢")]
    [InlineData("不满意", "非常不满意")]
    public void Intensifiers_make_the_score_stronger(string plain, string intensified)
    {
        AssertStronger(Read(plain).Score, Read(intensified).Score, plain, intensified);
    }

    [Theory]
    [InlineData("失望", "有点失望")]
    [InlineData("生气", "稍微有些生气")]
    [InlineData("满意", "比较满意")]
    [InlineData("不满意", "不太满意")]
    public void Diminishers_make_the_score_weaker(string plain, string diminished)
    {
        AssertStronger(Read(diminished).Score, Read(plain).Score, diminished, plain);
    }

    [Theory]
    [InlineData("服务太差了", "服务太差了！")]
    [InlineData("服务太差了！", "服务太差了！！！")]
    [InlineData("气死我了", "气死我了!!")]
    [InlineData("谢谢", "谢谢！")]
    [InlineData("这个app太垃圾了", "这个app太垃圾了！！")]
    [InlineData("这个app太垃圾了", "这个APP太GARBAGE了")]
    public void Exclamation_marks_and_shouted_latin_words_make_the_score_stronger(string plain, string shouted)
    {
        AssertStronger(Read(plain).Score, Read(shouted).Score, plain, shouted);
    }

    [Theory]
    [InlineData("还没收到货")]
    [InlineData("你们的服务太差了")]
    [InlineData("我不满意")]
    [InlineData("我要投诉")]
    public void Repeated_complaints_push_the_score_further_down(string text)
    {
        var first = Read(text, previousComplaints: 0).Score;
        var second = Read(text, previousComplaints: 1).Score;
        var fourth = Read(text, previousComplaints: 3).Score;

        Assert.True(first < 0, $"'{text}' scored {first}");
        Assert.True(second < first, $"{second} should be below {first}");
        Assert.True(fourth < second, $"{fourth} should be below {second}");
    }

    [Theory]
    [InlineData("我要投诉", "投诉")]
    [InlineData("我要投诉你们！", "投诉")]
    [InlineData("我要报警", "报警")]
    [InlineData("我会找律师", "律师")]
    [InlineData("我要起诉你们", "起诉")]
    [InlineData("我要告你们", "起诉")]
    [InlineData("你们这是诈骗", "诈骗")]
    [InlineData("你们就是骗子", "诈骗")]
    [InlineData("这是欺诈行为", "欺诈")]
    [InlineData("我要去消协反映", "消协")]
    [InlineData("我要找消费者协会", "消协")]
    [InlineData("我要打12315", "12315")]
    [InlineData("我要在网上曝光你们", "曝光")]
    [InlineData("我要找lawyer", "lawyer")]
    public void Urgent_terms_make_the_turn_urgent(string text, string canonical)
    {
        var reading = Read(text);

        Assert.True(reading.Urgent, $"'{text}' was not urgent");
        Assert.Contains(canonical, reading.UrgentTerms);
    }

    [Fact]
    public void Several_urgent_terms_are_each_listed_once_in_order()
    {
        var reading = Read("骗子！我要投诉，还要报警，你们这是诈骗，我要投诉到12315");

        Assert.Equal(["诈骗", "投诉", "报警", "12315"], reading.UrgentTerms);
    }

    [Theory]
    [InlineData("我不投诉，只想退货")]
    [InlineData("这不是诈骗吧？")]
    [InlineData("我的手机号是13912315678")]
    [InlineData("电话是12315678")]
    [InlineData("我要退货")]
    public void Ordinary_or_negated_mentions_are_not_urgent(string text)
    {
        var reading = Read(text);

        Assert.False(reading.Urgent, $"'{text}' was urgent: {string.Join(", ", reading.UrgentTerms)}");
        Assert.Empty(reading.UrgentTerms);
    }

    [Theory]
    [InlineData("谢谢，但是问题还是没解决")]
    [InlineData("态度不错，可是东西坏了")]
    [InlineData("客服很耐心，不过我还是很失望")]
    public void After_but_the_second_clause_decides(string text)
    {
        Assert.True(Read(text).Score < 0, $"'{text}' scored {Read(text).Score}");
    }

    private static void AssertStronger(double weaker, double stronger, string weakerText, string strongerText)
    {
        Assert.True(weaker != 0, $"'{weakerText}' scored 0");
        Assert.True(Math.Sign(weaker) == Math.Sign(stronger), $"'{weakerText}' ({weaker}) and '{strongerText}' ({stronger}) differ in sign");
        Assert.True(Math.Abs(stronger) > Math.Abs(weaker), $"'{strongerText}' ({stronger}) should be stronger than '{weakerText}' ({weaker})");
    }
}
