using System.Text;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;

namespace CallCenter.Agents;

/// <summary>
/// Help for the human agent: a short summary of the call so far and replies they can send as they are, built from the
/// live transcript with the same understanding and CRM facts the AI uses. Read-only: a suggestion never acts (the agent
/// does, by sending it and doing what it says).
/// </summary>
public sealed class AgentAssist(UnderstandingProvider understanding)
{
    private const int MaxSuggestions = 4;

    public async Task<string[]> SuggestAsync(IReadOnlyList<Turn> turns, DialogueState state, ICrmGrain crm)
    {
        var language = state.Language;
        var suggestions = new List<string>();
        if (state.Emotion.Score <= -0.3)
        {
            suggestions.Add(Replies.Apology(language));
        }

        var lastCaller = turns.LastOrDefault(t => t.Speaker == Speaker.Caller);
        var nlu = lastCaller is null ? null : (await understanding.GetAsync(crm)).Understand(lastCaller.Text, language);
        var entities = nlu?.Entities ?? [];
        var orderId = entities.FirstOrDefault(e => e.Type == EntityTypes.OrderNumber)?.Value ?? state.FocusOrderId;
        if (orderId is not null && await crm.GetOrderAsync(orderId) is { } order)
        {
            suggestions.Add(nlu?.Intent == Intent.CancelOrder && OrderStatuses.CancelRefusal(order.Status) is var refusal
                ? refusal == CrmRefusal.None ? Replies.ConfirmCancel(language, order) : Replies.CancelRefused(language, order, refusal)
                : Replies.OrderStatus(language, order));
        }

        var sku = entities.FirstOrDefault(e => e.Type == EntityTypes.Product)?.Value ?? state.FocusProductSku;
        if (sku is not null && await crm.GetProductAsync(sku) is { } product)
        {
            suggestions.Add(Replies.ProductInfo(language, product));
        }

        var topic = entities.FirstOrDefault(e => e.Type == EntityTypes.PolicyTopic)?.Value
            ?? (nlu?.Intent == Intent.ReturnRequest ? PolicyTopics.Returns : null);
        if (topic is not null && (await crm.GetPoliciesAsync()).FirstOrDefault(p => p.Topic == topic) is { } policy)
        {
            suggestions.Add(policy.In(language));
        }

        // "Anything else?" always keeps the last place, however much else there is to say.
        var anythingElse = Replies.AnythingElse(language);
        return [.. suggestions.Where(s => s.Length > 0 && s != anythingElse).Distinct().Take(MaxSuggestions - 1).Append(anythingElse)];
    }

    /// <summary>A few lines for the agent: who, what they asked, the order in focus, the mood, why the call came to a person.</summary>
    public static string Summarize(IReadOnlyList<Turn> turns, DialogueState state, string? modelSummary)
    {
        var text = new StringBuilder();
        text.Append(state.CustomerName is { } name ? $"{name} ({state.CustomerId})" : "Unidentified caller")
            .Append(", ").Append(state.Language == Language.Zh ? "Chinese" : "English").Append(". ");
        var asked = turns.Where(t => t.Speaker == Speaker.Caller && t.Intent is { } i && i is not (Intent.NotUnderstood or Intent.Greeting or Intent.Thanks or Intent.Affirm or Intent.Deny or Intent.ProvideInfo))
            .Select(t => t.Intent!.Value.ToString()).Distinct().ToArray();
        if (asked.Length > 0)
        {
            text.Append("Asked about: ").AppendJoin(", ", asked.Select(a => Llm.PromptBuilder.Snake(a).Replace('_', ' '))).Append(". ");
        }

        if (state.FocusOrderId is { } order) text.Append($"Order {order}. ");
        text.Append("Mood: ").Append(Mood(state.Emotion)).Append(". ");
        if (state.HandoffReason is { } reason) text.Append("Transferred: ").Append(reason).Append('.');
        if (!string.IsNullOrWhiteSpace(modelSummary)) text.Append(' ').Append(modelSummary.Trim());
        return text.ToString().Trim();
    }

    private static string Mood(EmotionState emotion) => emotion.Score switch
    {
        <= -0.6 => "angry",
        <= -0.3 => "upset",
        < 0.2 => "neutral",
        _ => "pleased",
    } + (emotion.Trend < -0.1 ? ", getting worse" : emotion.Trend > 0.1 ? ", improving" : "");
}
