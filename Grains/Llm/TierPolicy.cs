using CallCenter.Calls;
using CallCenter.Dialogue;

namespace CallCenter.Llm;

/// <summary>
/// Which model answers a turn. The small one by default; the large one for long or tangled turns, for upset callers,
/// and for the rest of a call once the small model was unsure in it (escalation sticks: the call is hard).
/// </summary>
public static class TierPolicy
{
    public static ModelTier Choose(LlmOptions options, DialogueState state, string callerText, int orderNumbersNamed, double negativeEmotionThreshold)
    {
        if (!options.HasLarge)
        {
            return ModelTier.Small;
        }

        var words = callerText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length
            + callerText.Count(c => c >= '\u4e00' && c <= '\u9fff') / 2; // about two Chinese characters a word
        var complex = state.ModelEscalated
            || words >= options.LargeModelWords
            || orderNumbersNamed >= 2
            || state.Complaints >= 2
            || state.Emotion.Score <= negativeEmotionThreshold;
        return complex ? ModelTier.Large : ModelTier.Small;
    }
}
