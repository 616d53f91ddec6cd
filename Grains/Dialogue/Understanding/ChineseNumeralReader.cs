using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Turns Chinese numerals inside a run of Chinese into digit tokens: digit by digit as numbers are read out
/// ("一零零一", "幺三八…", where 幺 is the spoken 1) and four-digit cardinals ("一千零一"). Short numerals stay as text
/// because they are words ("一下", "一年", "十一").
/// </summary>
internal sealed class ChineseNumeralReader
{
    private const string DigitChars = "零〇一二三四五六七八九幺";

    public List<Token> Read(List<Token> tokens)
    {
        List<Token>? output = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Cjk || !HasNumeral(t.Text))
            {
                output?.Add(t);
                continue;
            }
            var split = Split(t);
            if (split is null) { output?.Add(t); continue; }
            output ??= tokens.GetRange(0, i);
            output.AddRange(split);
        }
        return output ?? tokens;
    }

    private static bool HasNumeral(string text)
    {
        foreach (var c in text) if (IsNumeral(c)) return true;
        return false;
    }

    private static bool IsNumeral(char c) => DigitChars.Contains(c) || c is '两' or '十' or '百' or '千';

    /// <summary>The run cut into text and digit tokens, or null when no numeral inside qualifies.</summary>
    private static List<Token>? Split(Token t)
    {
        var text = t.Text;
        List<Token>? parts = null;
        var textStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsNumeral(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && IsNumeral(text[i])) i++;
            var digits = Convert(text.AsSpan(start, i - start));
            if (digits is null) continue;
            parts ??= new List<Token>(3);
            if (start > textStart) parts.Add(new Token(TokenKind.Cjk, text[textStart..start], parts.Count == 0 ? t.Gap : TokenGap.None));
            parts.Add(new Token(TokenKind.Number, digits, parts.Count == 0 ? t.Gap : TokenGap.None, SpokenIn: Language.Zh));
            textStart = i;
        }
        if (parts is null) return null;
        if (textStart < text.Length) parts.Add(new Token(TokenKind.Cjk, text[textStart..], TokenGap.None));
        return parts;
    }

    private static string? Convert(ReadOnlySpan<char> run)
    {
        var digitByDigit = true;
        foreach (var c in run) if (!DigitChars.Contains(c)) digitByDigit = false;
        if (digitByDigit)
        {
            if (run.Length < 3) return null;
            var chars = new char[run.Length];
            for (var k = 0; k < run.Length; k++) chars[k] = DigitOf(run[k]);
            return new string(chars);
        }
        // Cardinals only when they make an identifier-sized number: "一千零一" is 1001, "十一" stays a word.
        if (!run.Contains('千')) return null;
        var value = ReadCardinal(run);
        return value is >= 1000 and <= 9999 ? value.ToString() : null;
    }

    private static char DigitOf(char c) => c switch
    {
        '零' or '〇' => '0',
        '一' or '幺' => '1',
        _ => (char)('0' + "零一二三四五六七八九".IndexOf(c)),
    };

    private static int ReadCardinal(ReadOnlySpan<char> run)
    {
        int total = 0, digit = 0;
        foreach (var c in run)
        {
            switch (c)
            {
                case '千': total += (digit == 0 ? 1 : digit) * 1000; digit = 0; break;
                case '百': total += (digit == 0 ? 1 : digit) * 100; digit = 0; break;
                case '十': total += (digit == 0 ? 1 : digit) * 10; digit = 0; break;
                case '零' or '〇': break;
                case '两': digit = 2; break;
                default: digit = DigitOf(c) - '0'; break;
            }
        }
        return total + digit;
    }
}
