using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallCenter.Calls;

namespace CallCenter.Privacy;

/// <summary>
/// How masked personal data is written, and the ways back: <c>[CARD_1 ****1111]</c>, <c>[PHONE_2 ****0101]</c>,
/// <c>[SSN_1]</c>, <c>[ID_1]</c>, <c>[EMAIL_1]</c>, <c>[ADDRESS_1]</c> in a call (numbered, so the model can tell two
/// cards apart and pass one to a tool), and <c>[CARD ****1111]</c> where nothing can be resolved (logs, live partial
/// transcripts, tool results). Cards and phone numbers keep their last four digits, as on a receipt: agents and the
/// model can say "the card ending in 1111" without the number.
/// </summary>
public static partial class PiiPlaceholders
{
    public static string Prefix(PiiKind kind) => kind switch
    {
        PiiKind.Card => "CARD",
        PiiKind.Ssn => "SSN",
        PiiKind.NationalId => "ID",
        PiiKind.Phone => "PHONE",
        PiiKind.Email => "EMAIL",
        _ => "ADDRESS",
    };

    /// <summary>The last four digits shown in a card's or phone number's mask; nothing for the rest.</summary>
    public static string? Hint(PiiKind kind, string value) =>
        kind is PiiKind.Card or PiiKind.Phone && value.Count(char.IsAsciiDigit) is >= 8 and var count
            ? new string(value.Where(char.IsAsciiDigit).Skip(count - 4).ToArray())
            : null;

    /// <summary>A call's placeholder: the token ("CARD_1") and the hint.</summary>
    public static string Render(string token, string? hint) => hint is null ? $"[{token}]" : $"[{token} ****{hint}]";

    /// <summary>Masks without numbering (nothing to resolve later): for logs, live events and what comes back from tools.</summary>
    public static string Mask(string? text, IReadOnlyCollection<string>? knownPhones = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var spans = PiiDetector.Find(text, knownPhones);
        return spans.Count == 0 ? text : Replace(text, spans, span => Render(Prefix(span.Kind), Hint(span.Kind, span.Value)));
    }

    public static string Replace(string text, List<PiiSpan> spans, Func<PiiSpan, string> placeholder)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            result.Append(text, at, span.Start - at).Append(placeholder(span));
            at = span.End;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    // A numbered token, with or without its brackets and hint ("[CARD_1 ****1111]", "CARD_1", "[CARD_1]"), or an
    // unnumbered mask in brackets ("[CARD ****1111]").
    [GeneratedRegex(@"(?<open>\[)?(?<![A-Za-z0-9_])(?<kind>CARD|SSN|ID|PHONE|EMAIL|ADDRESS)(?:_(?<n>\d{1,4}))?(?![A-Za-z0-9])(?:\s*\*{2,}(?<hint>\d{4}))?(?<close>\])?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>
    /// Puts the real values back for the numbered tokens in <paramref name="text"/> (a tool argument). Tokens the call
    /// does not hold any more (its grain moved and no vault key is configured) are listed in <paramref name="missing"/>.
    /// </summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> values, List<string> missing) =>
        Placeholder().Replace(text, m =>
        {
            if (!m.Groups["n"].Success)
            {
                return m.Value;
            }

            var token = $"{m.Groups["kind"].Value}_{m.Groups["n"].Value}";
            if (values.TryGetValue(token, out var value))
            {
                return value;
            }

            missing.Add(token);
            return m.Value;
        });

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A tool call's JSON arguments with every string value resolved (<see cref="Resolve"/>); arguments that are not a
    /// JSON object are returned as they are, for the tool's own validation to refuse.
    /// </summary>
    public static string ResolveArguments(string json, IReadOnlyDictionary<string, string> values, List<string> missing)
    {
        if (!json.Contains('_') && !json.Contains('['))
        {
            return json;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }

        if (root is not JsonObject arguments)
        {
            return json;
        }

        foreach (var (name, value) in arguments.ToArray())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                arguments[name] = Resolve(text, values, missing);
            }
        }

        return arguments.ToJsonString(Relaxed);
    }

    /// <summary>A tool's result for the model with the personal data in its strings masked (a CRM note that quotes a phone number).</summary>
    public static string MaskJson(JsonNode? node)
    {
        MaskStrings(node);
        return node?.ToJsonString() ?? "null";

        static void MaskStrings(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o.ToArray())
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text)) o[name] = Mask(text);
                        else MaskStrings(value);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (a[i] is JsonValue v && v.TryGetValue<string>(out var text)) a[i] = Mask(text);
                        else MaskStrings(a[i]);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// What the caller hears instead of a placeholder the model put in its reply: "ending in 1111" / "尾号1111" for cards
    /// and phone numbers, "your e-mail address" / "您的邮箱" for the rest. Never the value: it may go to a cloud voice.
    /// </summary>
    public static string Speakable(string text, Language language)
    {
        if (text.AsSpan().IndexOfAny("_[") < 0)
        {
            return text;
        }

        return Placeholder().Replace(text, m =>
        {
            if (!m.Groups["n"].Success && !(m.Groups["open"].Success && m.Groups["close"].Success))
            {
                return m.Value;
            }

            var zh = language == Language.Zh;
            if (m.Groups["hint"].Success)
            {
                return zh ? $"尾号{m.Groups["hint"].Value}" : $"ending in {m.Groups["hint"].Value}";
            }

            return (m.Groups["kind"].Value, zh) switch
            {
                ("CARD", false) => "your card",
                ("CARD", true) => "您的卡",
                ("SSN", false) => "your Social Security number",
                ("SSN", true) => "您的社会安全号码",
                ("ID", false) => "your ID number",
                ("ID", true) => "您的身份证号",
                ("PHONE", false) => "your phone number",
                ("PHONE", true) => "您的电话号码",
                ("EMAIL", false) => "your e-mail address",
                ("EMAIL", true) => "您的邮箱",
                (_, false) => "your address",
                (_, true) => "您的地址",
            };
        });
    }
}
