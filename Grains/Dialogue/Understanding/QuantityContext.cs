namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Tells a number that measures something (a price, a year, a size, a percentage) from one that identifies something.
/// "$1001", "1001 dollars", "in 2026", "2026年", "55寸" are never order or phone numbers.
/// </summary>
internal static class QuantityContext
{
    private static readonly HashSet<string> UnitsAfter = new(StringComparer.Ordinal)
    {
        "dollars", "dollar", "bucks", "buck", "usd", "cents", "cent", "yuan", "rmb", "cny", "euros", "euro", "eur", "pounds", "gbp",
        "percent", "years", "year", "inch", "inches", "mah", "mb", "gb", "tb", "k", "km", "miles", "mph", "calories", "times", "days",
        "hours", "minutes", "am", "pm",
    };

    private static readonly HashSet<string> WordsBefore = new(StringComparer.Ordinal)
    {
        "usd", "rmb", "cny", "eur", "in", "since", "year", "until", "till", "costs", "cost", "paid", "pay", "price",
    };

    // First character of a Chinese run right after the number: currency, date and measure words.
    private const string ChineseUnitsAfter = "元块美刀年月日寸英%分秒点个件毫公千万台双";

    public static bool IsQuantity(List<Token> tokens, int index)
    {
        if (tokens[index].Text.Contains('.')) return true;
        if (index > 0)
        {
            var before = tokens[index - 1];
            if (before.Kind == TokenKind.Symbol && before.Text != "%") return true;
            if (before.Kind == TokenKind.Word && WordsBefore.Contains(before.Text)) return true;
        }
        if (index + 1 < tokens.Count)
        {
            var after = tokens[index + 1];
            if (after.Kind == TokenKind.Symbol && after.Text == "%") return true;
            if (after.Kind == TokenKind.Word && UnitsAfter.Contains(after.Text)) return true;
            if (after.Kind == TokenKind.Cjk && after.Gap == TokenGap.None && ChineseUnitsAfter.Contains(after.Text[0])) return true;
        }
        return false;
    }
}
