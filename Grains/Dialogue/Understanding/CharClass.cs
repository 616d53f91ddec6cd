namespace CallCenter.Dialogue.Understanding;

/// <summary>Character tests shared by the tokenizer and the extractors.</summary>
internal static class CharClass
{
    /// <summary>Han ideographs (basic, extension A, compatibility) and the ideographic zero 〇.</summary>
    public static bool IsCjk(char c) =>
        (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF') || (c >= '\uF900' && c <= '\uFAFF') || c == '\u3007';

    public static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    public static bool AllAsciiDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    public static int CountDigits(string s)
    {
        var n = 0;
        foreach (var c in s) if (char.IsAsciiDigit(c)) n++;
        return n;
    }
}
