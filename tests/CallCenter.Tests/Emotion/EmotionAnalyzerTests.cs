using CallCenter.Calls;
using CallCenter.Dialogue.Emotion;

namespace CallCenter.Tests.Emotion;

/// <summary>Properties that hold in both languages: bounds, empty input, thread safety, speed.</summary>
public sealed class EmotionAnalyzerTests
{
    private static readonly EmotionAnalyzer Analyzer = new();

    [Theory]
    [InlineData("", Language.En)]
    [InlineData("   ", Language.En)]
    [InlineData("", Language.Zh)]
    [InlineData(" \n ", Language.Zh)]
    public void Empty_text_reads_calm(string text, Language language)
    {
        var reading = Analyzer.Analyze(text, language, previousComplaints: 3);

        Assert.Equal(0, reading.Score);
        Assert.False(reading.Urgent);
        Assert.False(reading.IsComplaint);
        Assert.Empty(reading.UrgentTerms);
    }

    [Fact]
    public void Null_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze(null!, Language.En));
    }

    [Theory]
    [InlineData("THIS IS THE WORST, MOST DISGUSTING, USELESS, PATHETIC, RIDICULOUS SCAM EVER!!!!!!!! I HATE YOU", Language.En)]
    [InlineData("EXCELLENT EXCELLENT PERFECT AMAZING THANK YOU SO SO MUCH!!!!!!", Language.En)]
    [InlineData("垃圾垃圾垃圾！！！气死我了！！！骗子！！！太离谱了！！！我要投诉！！！", Language.Zh)]
    [InlineData("非常满意非常满意非常感谢太棒了完美！！！", Language.Zh)]
    public void Scores_stay_strictly_within_minus_one_and_one(string text, Language language)
    {
        foreach (var previous in new[] { 0, 1, 10, int.MaxValue })
        {
            var score = Analyzer.Analyze(text, language, previous).Score;
            Assert.InRange(score, -1, 1);
            Assert.True(Math.Abs(score) > 0.8, $"'{text}' scored only {score}");
        }
    }

    [Fact]
    public void Negative_previous_complaint_counts_are_treated_as_none()
    {
        Assert.Equal(Analyzer.Analyze("this is terrible", Language.En).Score, Analyzer.Analyze("this is terrible", Language.En, -5).Score);
    }

    [Fact]
    public void Long_turns_are_read_whole()
    {
        var filler = string.Concat(Enumerable.Repeat("and then I went to the shop and bought some things ", 200));
        var reading = Analyzer.Analyze(filler + "and now I will sue you, this is terrible", Language.En);

        Assert.True(reading.Urgent);
        Assert.True(reading.Score < -0.5);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_readings_as_sequential_ones()
    {
        string[] texts = ["this is ridiculous!!!", "thank you so much", "I will sue you", "我很不满意", "非常感谢", "我要投诉"];
        var expected = texts.Select((t, i) => Analyzer.Analyze(t, i < 3 ? Language.En : Language.Zh).Score).ToArray();

        var mismatches = 0;
        Parallel.For(0, 20_000, i =>
        {
            var k = i % texts.Length;
            if (Analyzer.Analyze(texts[k], k < 3 ? Language.En : Language.Zh).Score != expected[k])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }
}
