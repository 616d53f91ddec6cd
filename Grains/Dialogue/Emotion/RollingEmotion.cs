using CallCenter.Calls;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Keeps the call's mood across turns: an exponential moving average of the turn scores plus a smoothed trend.
/// </summary>
public static class RollingEmotion
{
    /// <summary>The first turn has no history to weigh against, so it sets the mood almost by itself.</summary>
    private const double FirstTurnWeight = 0.8;

    /// <summary>
    /// Getting worse registers faster than getting better: escalation decisions must react to anger within a turn,
    /// while one polite "ok thanks" should not wipe out a call's worth of frustration.
    /// </summary>
    private const double WorseningWeight = 0.5;
    private const double ImprovingWeight = 0.3;

    /// <summary>Weight of the latest change in the trend; the rest is the previous trend, so one odd turn does not swing it.</summary>
    private const double TrendWeight = 0.5;

    /// <summary>
    /// Blends <paramref name="turnScore"/> into <paramref name="current"/> and returns the new score (in [-1, 1]) with its
    /// trend: the smoothed change per turn, negative when the caller is getting more upset. The first turn has no
    /// change to measure, so its trend is 0. A score that is not a number leaves the state as it was.
    /// </summary>
    public static EmotionState Blend(EmotionState current, double turnScore, bool isFirstTurn)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (double.IsNaN(turnScore))
        {
            return current;
        }

        var turn = Math.Clamp(turnScore, -1, 1);
        var weight = isFirstTurn ? FirstTurnWeight : turn < current.Score ? WorseningWeight : ImprovingWeight;
        var score = Math.Clamp(current.Score + weight * (turn - current.Score), -1, 1);
        var trend = isFirstTurn ? 0 : TrendWeight * (score - current.Score) + (1 - TrendWeight) * current.Trend;
        return new EmotionState(score, trend);
    }
}
