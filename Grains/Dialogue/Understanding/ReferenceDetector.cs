namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Detects utterances that point back at something already under discussion ("cancel it", "that one", "the same
/// order", "那个订单", "它"), so the dialogue fills the order or product from context instead of asking again.
/// An utterance that names its own order or product does not refer back.
/// </summary>
internal sealed class ReferenceDetector
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal) { "it", "its", "them", "those", "these", "same" };
    private static readonly HashSet<string> Demonstratives = new(StringComparer.Ordinal) { "that", "this" };
    private static readonly HashSet<string> Nouns = new(StringComparer.Ordinal)
    {
        "one", "ones", "order", "orders", "package", "parcel", "item", "items", "thing", "product", "purchase", "delivery", "shipment",
    };
    private static readonly string[] Chinese =
        ["它", "那个", "这个", "那单", "这单", "那笔", "这笔", "那件", "这件", "那款", "这款", "那些", "这些", "同一", "刚才", "上一个", "前面那", "上面那"];

    public bool RefersToPrevious(List<Token> tokens)
    {
        foreach (var t in tokens) if (t.Role is TokenRole.OrderNumber or TokenRole.Product) return false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Cjk)
            {
                foreach (var marker in Chinese) if (t.Text.Contains(marker, StringComparison.Ordinal)) return true;
                continue;
            }
            if (t.Kind != TokenKind.Word) continue;
            if (Pronouns.Contains(t.Text)) return true;
            if (t.Text == "one" && i > 0 && tokens[i - 1].Text is "the" or "other" or "last" or "previous" or "first") return true;
            if (!Demonstratives.Contains(t.Text)) continue;
            // "that one", "this order" refer back; a bare "that"/"this" only at the end of a clause ("cancel that"),
            // since elsewhere it is usually a conjunction or a subject ("that is all").
            if (i + 1 >= tokens.Count) return true;
            var next = tokens[i + 1];
            if (next.Gap >= TokenGap.Comma || next.Kind != TokenKind.Word || Nouns.Contains(next.Text)) return true;
        }
        return false;
    }
}
