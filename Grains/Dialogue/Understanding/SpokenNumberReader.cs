using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Turns English number words into digits: digit by digit as people read out order and phone numbers
/// ("one zero zero one", "ten oh one", "double five", "five five five oh one oh one") and simple cardinals
/// ("one thousand and one"). Short runs ("that one", "two of them") are left as words because they are not identifiers.
/// </summary>
internal sealed class SpokenNumberReader
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
    };

    private static readonly Dictionary<string, int> Teens = new(StringComparer.Ordinal)
    {
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    public List<Token> Read(List<Token> tokens)
    {
        List<Token>? output = null;
        var i = 0;
        while (i < tokens.Count)
        {
            var end = RunEnd(tokens, i);
            if (end > i && TryConvert(tokens, i, end, out var digits))
            {
                output ??= tokens.GetRange(0, i);
                output.Add(new Token(TokenKind.Number, digits, tokens[i].Gap, SpokenIn: Language.En));
                i = end;
                continue;
            }
            output?.Add(tokens[i]);
            i++;
        }
        return output ?? tokens;
    }

    /// <summary>Exclusive end of the run of number words starting at <paramref name="start"/>, or start when none starts there.</summary>
    private static int RunEnd(List<Token> tokens, int start)
    {
        if (!IsStarter(tokens[start])) return start;
        var i = start + 1;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            // People pause with commas inside a number they read out; a sentence end still closes it.
            if (t.Kind != TokenKind.Word || t.Gap == TokenGap.Sentence) break;
            if (IsStarter(t) || t.Text is "oh" or "o" or "hundred" or "thousand") { i++; continue; }
            if (t.Text == "and" && i + 1 < tokens.Count && IsStarter(tokens[i + 1]) && tokens[i - 1].Text is "hundred" or "thousand") { i++; continue; }
            break;
        }
        return i;
    }

    private static bool IsStarter(Token t) =>
        t.Kind == TokenKind.Word && (Units.ContainsKey(t.Text) || Teens.ContainsKey(t.Text) || Tens.ContainsKey(t.Text) || t.Text is "double" or "triple");

    private static bool TryConvert(List<Token> tokens, int start, int end, out string digits)
    {
        var cardinal = false;
        for (var i = start; i < end; i++) if (tokens[i].Text is "hundred" or "thousand") cardinal = true;
        digits = cardinal ? ReadCardinal(tokens, start, end) : ReadDigits(tokens, start, end);
        if (digits.Length == 0) return false;
        // "one", "two of them", "twenty" are quantities; identifiers people read out have at least three digits.
        return digits.Length >= 3;
    }

    private static string ReadDigits(List<Token> tokens, int start, int end)
    {
        var sb = new System.Text.StringBuilder(end - start + 2);
        var repeat = 1;
        for (var i = start; i < end; i++)
        {
            var w = tokens[i].Text;
            if (w == "double") { repeat = 2; continue; }
            if (w == "triple") { repeat = 3; continue; }
            string part;
            if (Units.TryGetValue(w, out var u)) part = u.ToString();
            else if (w is "oh" or "o") part = "0";
            else if (Teens.TryGetValue(w, out var teen)) part = teen.ToString();
            else if (Tens.TryGetValue(w, out var ten))
            {
                // "twenty one" is 21; "twenty" alone is 20.
                if (i + 1 < end && Units.TryGetValue(tokens[i + 1].Text, out var unit) && unit > 0) { part = (ten + unit).ToString(); i++; }
                else part = ten.ToString();
            }
            else return "";
            for (var r = 0; r < repeat; r++) sb.Append(part);
            repeat = 1;
        }
        return sb.ToString();
    }

    private static string ReadCardinal(List<Token> tokens, int start, int end)
    {
        long total = 0, current = 0;
        for (var i = start; i < end; i++)
        {
            var w = tokens[i].Text;
            if (Units.TryGetValue(w, out var u)) current += u;
            else if (Teens.TryGetValue(w, out var teen)) current += teen;
            else if (Tens.TryGetValue(w, out var ten)) current += ten;
            else if (w == "hundred") current = (current == 0 ? 1 : current) * 100;
            else if (w == "thousand") { total += (current == 0 ? 1 : current) * 1000; current = 0; }
            else if (w is "and" or "oh" or "o") continue;
            else return "";
        }
        var value = total + current;
        return value >= 100 ? value.ToString() : "";
    }
}
