namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Walks Chinese text character by character and takes the longest lexicon entry starting at each position
/// ("不满意" is read as 不 + 满意 only because no longer entry starts at 不; "不好意思" wins over "不好").
/// Callers mix in English ("这个app太垃圾", "我要找lawyer"), so runs of Latin letters are looked up as English words;
/// runs of digits are looked up whole, so a phone number containing 12315 is not mistaken for the hotline.
/// </summary>
internal static class ChineseSegmenter
{
    /// <summary>Longer Latin runs are not words any lexicon knows; they are skipped as unknown.</summary>
    private const int LongestLatinWord = 32;

    /// <summary>Writes the hits for <paramref name="text"/> into <paramref name="hits"/> (at least length + 1 long) and returns their count.</summary>
    public static int Segment(ReadOnlySpan<char> text, Span<LexiconHit> hits)
    {
        Span<char> latin = stackalloc char[LongestLatinWord];
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (TextClassification.IsClauseBreak(c))
            {
                hits[count++] = LexiconHit.ClauseBreak;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                // Spaces mean nothing in Chinese text; 非常 满意 is still 非常满意.
                i++;
            }
            else if (char.IsAsciiLetter(c))
            {
                hits[count++] = MatchLatinWord(text, ref i, latin);
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                hits[count++] = ChineseLexicon.Entries.TryGetValue(text[start..i], out var number)
                    ? LexiconHit.Term(number, false)
                    : LexiconHit.Unknown;
            }
            else
            {
                hits[count++] = MatchLongestTerm(text, ref i);
            }
        }
        return count;
    }

    private static LexiconHit MatchLongestTerm(ReadOnlySpan<char> text, ref int i)
    {
        for (var length = Math.Min(ChineseLexicon.LongestEntryStartingWith(text[i]), text.Length - i); length >= 1; length--)
        {
            if (ChineseLexicon.Entries.TryGetValue(text.Slice(i, length), out var entry))
            {
                i += length;
                return LexiconHit.Term(entry, false);
            }
        }
        i++;
        return LexiconHit.Unknown;
    }

    private static LexiconHit MatchLatinWord(ReadOnlySpan<char> text, ref int i, Span<char> latin)
    {
        var start = i;
        int upper = 0, lower = 0;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || (TextClassification.IsApostrophe(text[i]) && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))))
        {
            var c = text[i];
            if (char.IsAsciiLetterUpper(c))
            {
                upper++;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower++;
            }
            if (i - start < latin.Length)
            {
                latin[i - start] = TextClassification.IsApostrophe(c) ? '\'' : char.ToLowerInvariant(c);
            }
            i++;
        }
        var length = i - start;
        if (length <= latin.Length && EnglishLexicon.Entries.TryGetValue(latin[..length], out var entry))
        {
            return LexiconHit.Term(entry, upper >= 2 && lower == 0);
        }
        return LexiconHit.Unknown;
    }
}
