using CallCenter.Calls;

namespace CallCenter.Tests.Agents;

/// <summary>The estimated satisfaction of a finished call (1 to 5).</summary>
public sealed class AfterCallTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Turn Caller(Intent intent) => new(1, Speaker.Caller, "…", T0, intent, [], 0, 1, null);

    private static double Estimate(CallOutcome outcome, double emotion, double trend = 0, int notUnderstood = 0, int understood = 2) =>
        AfterCall.EstimateSatisfaction(outcome, new EmotionState(emotion, trend),
            [.. Enumerable.Repeat(Caller(Intent.NotUnderstood), notUnderstood), .. Enumerable.Repeat(Caller(Intent.OrderStatus), understood)]);

    [Theory]
    [InlineData(CallOutcome.ResolvedByAi)]
    [InlineData(CallOutcome.ResolvedByAgent)]
    [InlineData(CallOutcome.Abandoned)]
    [InlineData(CallOutcome.Dropped)]
    public void A_happier_caller_never_scores_lower(CallOutcome outcome)
    {
        var scores = Enumerable.Range(-10, 21).Select(i => Estimate(outcome, i / 10.0)).ToArray();

        for (var i = 1; i < scores.Length; i++)
        {
            Assert.True(scores[i] >= scores[i - 1], $"{outcome}: {scores[i - 1]} at {(i - 11) / 10.0}, {scores[i]} at {(i - 10) / 10.0}");
        }

        Assert.True(scores[^1] > scores[0]);
    }

    [Fact]
    public void A_caller_who_gave_up_waiting_scores_lower_than_one_whose_problem_was_resolved()
    {
        foreach (var emotion in new[] { -0.5, 0, 0.4 })
        {
            Assert.True(Estimate(CallOutcome.Abandoned, emotion) < Estimate(CallOutcome.ResolvedByAi, emotion));
            Assert.True(Estimate(CallOutcome.Abandoned, emotion) < Estimate(CallOutcome.ResolvedByAgent, emotion));
        }
    }

    [Fact]
    public void Each_misunderstanding_costs_something()
    {
        var none = Estimate(CallOutcome.ResolvedByAi, 0);
        var one = Estimate(CallOutcome.ResolvedByAi, 0, notUnderstood: 1);
        var three = Estimate(CallOutcome.ResolvedByAi, 0, notUnderstood: 3);

        Assert.True(none > one && one > three, $"{none}, {one}, {three}");
    }

    [Fact]
    public void Only_the_callers_misunderstood_turns_count()
    {
        var bot = new Turn(2, Speaker.Bot, "Sorry?", T0, Intent.NotUnderstood, [], null, null, "embedded");
        Assert.Equal(
            AfterCall.EstimateSatisfaction(CallOutcome.ResolvedByAi, EmotionState.Neutral, []),
            AfterCall.EstimateSatisfaction(CallOutcome.ResolvedByAi, EmotionState.Neutral, [bot]));
    }

    [Fact]
    public void A_mood_getting_worse_scores_lower_than_one_improving()
    {
        Assert.True(Estimate(CallOutcome.ResolvedByAi, -0.2, trend: -0.3) < Estimate(CallOutcome.ResolvedByAi, -0.2, trend: 0.3));
    }

    [Fact]
    public void The_estimate_stays_between_1_and_5()
    {
        Assert.Equal(1, Estimate(CallOutcome.Abandoned, -1, trend: -1, notUnderstood: 10));
        Assert.Equal(5, Estimate(CallOutcome.ResolvedByAgent, 1, trend: 1));
        Assert.Equal(3.5, Estimate(CallOutcome.ResolvedByAi, 0)); // a neutral call the AI resolved

        var random = new Random(5);
        for (var i = 0; i < 1000; i++)
        {
            var score = Estimate((CallOutcome)random.Next(0, 6), random.NextDouble() * 2 - 1, random.NextDouble() * 4 - 2, random.Next(0, 8));
            Assert.InRange(score, 1, 5);
            Assert.Equal(Math.Round(score, 1), score);
        }
    }
}
