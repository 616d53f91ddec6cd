using CallCenter.Calls;

namespace CallCenter.Calls;

/// <summary>
/// The estimated satisfaction of a finished call, 1 (very dissatisfied) to 5 (very satisfied), from what the call
/// shows: the caller's final mood and its direction, whether the problem was resolved, how often the bot failed to
/// understand, and whether the caller gave up waiting for a person. An estimate for trends and triage, not a survey.
/// </summary>
public static class AfterCall
{
    public static double EstimateSatisfaction(CallOutcome outcome, EmotionState emotion, IReadOnlyList<Turn> turns)
    {
        var score = 3.0 + 1.5 * emotion.Score + Math.Clamp(emotion.Trend, -0.5, 0.5);
        score += outcome switch
        {
            CallOutcome.ResolvedByAi or CallOutcome.ResolvedByAgent => 0.5,
            CallOutcome.Abandoned => -1.0,
            CallOutcome.Dropped => -0.5,
            _ => 0,
        };
        score -= 0.25 * turns.Count(t => t.Speaker == Speaker.Caller && t.Intent == Intent.NotUnderstood);
        return Math.Round(Math.Clamp(score, 1, 5), 1);
    }
}
