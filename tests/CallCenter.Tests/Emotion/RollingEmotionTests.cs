using CallCenter.Calls;
using CallCenter.Dialogue.Emotion;

namespace CallCenter.Tests.Emotion;

public sealed class RollingEmotionTests
{
    private static EmotionState Run(params double[] turnScores)
    {
        var state = EmotionState.Neutral;
        for (var i = 0; i < turnScores.Length; i++)
        {
            state = RollingEmotion.Blend(state, turnScores[i], isFirstTurn: i == 0);
        }
        return state;
    }

    [Theory]
    [InlineData(-0.8)]
    [InlineData(-0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_first_turn_sets_the_mood_almost_by_itself(double turnScore)
    {
        var first = RollingEmotion.Blend(EmotionState.Neutral, turnScore, isFirstTurn: true);
        var later = RollingEmotion.Blend(EmotionState.Neutral, turnScore, isFirstTurn: false);

        Assert.Equal(Math.Sign(turnScore), Math.Sign(first.Score));
        Assert.True(Math.Abs(first.Score) >= 0.75 * Math.Abs(turnScore), $"first turn gave {first.Score} for {turnScore}");
        Assert.True(Math.Abs(first.Score) > Math.Abs(later.Score), "the first turn should count more than a later one");
        Assert.Equal(0, first.Trend);
    }

    [Theory]
    [InlineData(new[] { 0.0, -0.3, -0.6, -0.9 })]
    [InlineData(new[] { 0.4, 0.1, -0.2, -0.5, -0.8 })]
    [InlineData(new[] { -0.2, -0.4, -0.4, -0.7, -0.9 })]
    public void A_caller_getting_angrier_has_a_falling_score_and_negative_trend(double[] turns)
    {
        var state = RollingEmotion.Blend(EmotionState.Neutral, turns[0], isFirstTurn: true);
        for (var i = 1; i < turns.Length; i++)
        {
            var next = RollingEmotion.Blend(state, turns[i], isFirstTurn: false);
            Assert.True(next.Score <= state.Score, $"turn {i}: score rose from {state.Score} to {next.Score}");
            Assert.True(next.Trend < 0, $"turn {i}: trend {next.Trend} is not negative");
            state = next;
        }
        Assert.True(state.Score < -0.4, $"final score {state.Score}");
    }

    [Theory]
    [InlineData(new[] { -0.8, -0.4, 0.0, 0.4, 0.7 })]
    [InlineData(new[] { -0.5, -0.1, 0.3, 0.6 })]
    public void A_caller_calming_down_has_a_rising_score_and_positive_trend(double[] turns)
    {
        var state = RollingEmotion.Blend(EmotionState.Neutral, turns[0], isFirstTurn: true);
        for (var i = 1; i < turns.Length; i++)
        {
            var next = RollingEmotion.Blend(state, turns[i], isFirstTurn: false);
            Assert.True(next.Score > state.Score, $"turn {i}: score fell from {state.Score} to {next.Score}");
            Assert.True(next.Trend > 0, $"turn {i}: trend {next.Trend} is not positive");
            state = next;
        }
    }

    [Fact]
    public void A_steady_mood_converges_to_the_turn_score_with_a_flat_trend()
    {
        var state = Run(Enumerable.Repeat(-0.5, 30).ToArray());

        Assert.Equal(-0.5, state.Score, 3);
        Assert.Equal(0, state.Trend, 3);
    }

    [Fact]
    public void Worsening_registers_faster_than_improving()
    {
        var start = new EmotionState(0, 0);

        var worse = RollingEmotion.Blend(start, -0.6, isFirstTurn: false);
        var better = RollingEmotion.Blend(start, 0.6, isFirstTurn: false);

        Assert.True(-worse.Score > better.Score, $"worse moved {worse.Score}, better moved {better.Score}");
    }

    [Fact]
    public void One_polite_turn_does_not_erase_a_call_of_anger()
    {
        var state = Run(-0.7, -0.8, -0.8, 0.5);

        Assert.True(state.Score < -0.2, $"score {state.Score}");
        Assert.True(state.Trend > 0, "the polite turn is still an improvement");
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(-5.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Scores_stay_within_minus_one_and_one(double turnScore)
    {
        var state = EmotionState.Neutral;
        for (var i = 0; i < 20; i++)
        {
            state = RollingEmotion.Blend(state, turnScore, isFirstTurn: i == 0);
            Assert.InRange(state.Score, -1, 1);
        }
        Assert.Equal(Math.Sign(turnScore), Math.Sign(state.Score));
    }

    [Fact]
    public void A_score_that_is_not_a_number_leaves_the_state_unchanged()
    {
        var state = new EmotionState(-0.4, -0.1);

        Assert.Equal(state, RollingEmotion.Blend(state, double.NaN, isFirstTurn: false));
    }

    [Fact]
    public void Analyzed_turns_of_an_escalating_call_produce_a_falling_mood()
    {
        var analyzer = new EmotionAnalyzer();
        string[] call =
        [
            "hi, where is my order A1001",
            "it was supposed to arrive last week",
            "I still haven't received it, this is really annoying",
            "this is ridiculous, I want to speak to a manager NOW",
            "THIS IS UNACCEPTABLE!!! I'm calling my lawyer",
        ];

        var state = EmotionState.Neutral;
        var complaints = 0;
        for (var i = 0; i < call.Length; i++)
        {
            var reading = analyzer.Analyze(call[i], Language.En, complaints);
            complaints += reading.IsComplaint ? 1 : 0;
            state = RollingEmotion.Blend(state, reading.Score, isFirstTurn: i == 0);
        }

        Assert.True(state.Score < -0.6, $"final score {state.Score}");
        Assert.True(state.Trend < 0, $"final trend {state.Trend}");
        Assert.Equal(3, complaints);
    }

    [Fact]
    public void Analyzed_turns_of_a_call_that_ends_well_produce_a_rising_mood()
    {
        var analyzer = new EmotionAnalyzer();
        string[] call = ["我的订单还没收到，很着急", "好的，那什么时候能到", "明天能到？太好了", "非常感谢，服务很好"];

        var state = EmotionState.Neutral;
        for (var i = 0; i < call.Length; i++)
        {
            state = RollingEmotion.Blend(state, analyzer.Analyze(call[i], Language.Zh).Score, isFirstTurn: i == 0);
        }

        // Improvement registers slowly on purpose; two good turns after an upset start are enough to end above neutral.
        Assert.True(state.Score > 0, $"final score {state.Score}");
        Assert.True(state.Trend > 0, $"final trend {state.Trend}");
    }
}
