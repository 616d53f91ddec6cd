using System.Text;
using CallCenter.Calls;

namespace CallCenter.Llm;

/// <summary>
/// The conversation the model sees, within a token budget: the most recent turns verbatim, and one line summarizing
/// what came before (the intents and the orders and products named). The summary is made here, without a model call:
/// it costs nothing and cannot invent anything.
/// </summary>
public static class ContextWindow
{
    public static LlmMessage[] Build(IReadOnlyList<Turn> turns, string callerText, int budgetTokens)
    {
        var recent = new List<LlmMessage>();
        var used = EstimateTokens(callerText);
        var index = turns.Count - 1;
        for (; index >= 0; index--)
        {
            var turn = turns[index];
            if (turn.Speaker is not (Speaker.Caller or Speaker.Bot or Speaker.Agent))
            {
                continue;
            }

            var text = turn.Heard is { } heard ? heard + " [interrupted]" : turn.Text;
            var cost = EstimateTokens(text);
            if (used + cost > budgetTokens && recent.Count > 0)
            {
                break;
            }

            used += cost;
            recent.Add(new LlmMessage(turn.Speaker == Speaker.Caller ? "user" : "assistant", text));
        }

        recent.Reverse();
        var messages = new List<LlmMessage>();
        if (index >= 0 && Summary(turns.Take(index + 1)) is { Length: > 0 } summary)
        {
            messages.Add(new LlmMessage("system", "Earlier in this call: " + summary));
        }

        messages.AddRange(recent);
        messages.Add(new LlmMessage("user", callerText));
        return [.. messages];
    }

    /// <summary>About four characters per token for alphabetic text, one per CJK character: a budget, not a bill.</summary>
    public static int EstimateTokens(string text)
    {
        var cjk = 0;
        foreach (var c in text)
        {
            if (c >= '\u3000') cjk++;
        }

        return cjk + (text.Length - cjk + 3) / 4 + 4;
    }

    private static string Summary(IEnumerable<Turn> older)
    {
        var parts = new List<string>();
        foreach (var turn in older.Where(t => t.Speaker == Speaker.Caller && t.Intent is not null and not Intent.NotUnderstood))
        {
            var named = turn.Entities.Where(e => e.Type is EntityTypes.OrderNumber or EntityTypes.Product or EntityTypes.PolicyTopic)
                .Select(e => e.Value).ToArray();
            var part = PromptBuilder.Snake(turn.Intent!.Value.ToString()).Replace('_', ' ') + (named.Length > 0 ? $" ({string.Join(", ", named)})" : "");
            if (parts.Count == 0 || parts[^1] != part)
            {
                parts.Add(part);
            }
        }

        // The most recent topics matter most; a very long call keeps its last twelve.
        var text = new StringBuilder("the caller asked about ");
        text.AppendJoin("; then ", parts.TakeLast(12));
        return parts.Count == 0 ? "" : text.Append('.').ToString();
    }
}
