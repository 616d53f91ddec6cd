using System.Text.RegularExpressions;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Splits folded (NFKC, lower-case) text into tokens. Punctuation is dropped but remembered as the gap before the next
/// token, because whether two digit groups belong together depends on what separated them.
/// </summary>
internal sealed partial class Tokenizer
{
    // Anchored with \G so it is only tried where a token starts; an address is taken whole before its dots and digits
    // could be mistaken for sentence ends or numbers.
    [GeneratedRegex(@"\G[a-z0-9](?:[a-z0-9._%+\-]*[a-z0-9_])?@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAt();

    public List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(16);
        var gap = TokenGap.None;
        var mayHaveEmail = text.Contains('@');
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (CharClass.IsCjk(c))
            {
                var start = i;
                while (i < text.Length && CharClass.IsCjk(text[i])) i++;
                tokens.Add(new Token(TokenKind.Cjk, text[start..i], gap));
                gap = TokenGap.None;
                continue;
            }
            if (char.IsLetterOrDigit(c) || (c == '+' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                if (mayHaveEmail && c != '+')
                {
                    var m = EmailAt().Match(text, i);
                    if (m.Success)
                    {
                        tokens.Add(new Token(TokenKind.Email, m.Value, gap));
                        gap = TokenGap.None;
                        i += m.Length;
                        continue;
                    }
                }
                var s = i;
                if (c == '+') i++;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (char.IsLetterOrDigit(d) && !CharClass.IsCjk(d)) { i++; continue; }
                    // Keep "don't" and "o'brien" whole for the contraction expander; keep "89.90" whole so it reads as a price.
                    if (d == '\'' && i > s && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1])) { i++; continue; }
                    if (d == '.' && i > s && i + 1 < text.Length && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1])) { i++; continue; }
                    break;
                }
                var word = text[s..i];
                tokens.Add(new Token(IsNumber(word) ? TokenKind.Number : TokenKind.Word, word, gap));
                gap = TokenGap.None;
                continue;
            }
            if (c is '$' or '¥' or '€' or '£' or '%')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), gap));
                gap = TokenGap.None;
                i++;
                continue;
            }
            gap = Max(gap, GapOf(c));
            i++;
        }
        return tokens;
    }

    private static bool IsNumber(string word)
    {
        var digits = 0;
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            if (char.IsAsciiDigit(c)) digits++;
            else if (!(c == '+' && k == 0) && c != '.') return false;
        }
        return digits > 0;
    }

    private static TokenGap GapOf(char c) => c switch
    {
        '.' or '!' or '?' or ';' or '。' or '…' or '\n' => TokenGap.Sentence,
        // A colon separates "10:30" and lists as a comma does: the digits on either side are not one number.
        ',' or '、' or ':' or '，' or '；' => TokenGap.Comma,
        _ => TokenGap.Space,
    };

    private static TokenGap Max(TokenGap a, TokenGap b) => a > b ? a : b;
}
