using System.Text;
using CallCenter.Calls;
using CallCenter.Llm.Packs;

namespace CallCenter.Llm;

/// <summary>
/// The system message of a model turn: the pack's instructions (or the configured ones), the reply format the
/// <see cref="ReplyStream"/> reads, the language to answer in, and the call's facts.
/// </summary>
public static class PromptBuilder
{
    private static readonly string Intents = string.Join(", ", Enum.GetValues<Intent>().Select(i => Snake(i.ToString())));

    public static string System(DomainPack pack, LlmOptions options, Language language, CallFacts facts, DateOnly today)
    {
        var prompt = options.Prompts.TryGetValue(language.ToString(), out var configured) && !string.IsNullOrWhiteSpace(configured)
            ? configured
            : pack.Prompt(language);
        var text = new StringBuilder(prompt.Trim()).AppendLine().AppendLine();
        text.AppendLine("Reply format: start every reply with [sure] or [unsure], then the words to say, then one JSON object, for example:")
            .AppendLine("""[sure] Your order A1001 has shipped. {"intent":"order_status","emotion":-0.2}""")
            .AppendLine("Say [unsure] when you are not confident you understood the caller or can answer correctly.")
            .AppendLine($"intent is the caller's intent, one of: {Intents}. emotion is how the caller feels, from -1 (furious) to 1 (delighted).")
            .AppendLine("The words are spoken aloud: one to three short sentences, plain text, no lists, no markdown, no emoji.")
            .AppendLine(language == Language.Zh ? "Answer in Simplified Chinese (the caller speaks Chinese)." : "Answer in English (the caller speaks English).")
            .AppendLine("Personal data is never shown to you: card, ID and phone numbers, e-mail and postal addresses appear as placeholders such as [CARD_1 ****1111] or [PHONE_1 ****0101].")
            .AppendLine("When a tool needs such a value, pass the placeholder as written; the system fills in the real value. Do not ask the caller to repeat it, and do not read a placeholder aloud: say \"the card ending in 1111\".")
            .AppendLine()
            .AppendLine($"Today is {today:yyyy-MM-dd}. Channel: {facts.Channel.ToString().ToLowerInvariant()}.");
        if (facts.CustomerId is not null)
        {
            text.AppendLine($"The caller is {facts.CustomerName} (customer {facts.CustomerId}).");
        }
        else if (facts.CallerPhone is not null)
        {
            text.AppendLine("The caller is not identified yet; lookup_customer can find them by the number they call from.");
        }

        if (facts.FocusOrderId is not null)
        {
            text.AppendLine($"The order being discussed is {facts.FocusOrderId}.");
        }

        if (facts.IdentityVerified)
        {
            text.AppendLine("The caller's identity has been verified in this call.");
        }

        return text.ToString();
    }

    public static string Snake(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
