using System.Buffers;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Splits English text into words and matches the longest lexicon phrase at each word ("never received" before
/// "never", "a little bit" before "a little"). Works on a pooled lower-case copy and looks phrases up by span,
/// so a turn costs no allocations beyond the pool.
/// </summary>
internal static class EnglishSegmenter
{
    private struct Word
    {
        public int Start;
        public int Length;
        public int UpperLetters;
        public int LowerLetters;
        /// <summary>Upper-case first letter, lower-case rest, as names are written.</summary>
        public bool Capitalized;
        /// <summary>Clause punctuation stands between this word and the previous one.</summary>
        public bool AfterClauseBreak;
    }

    /// <summary>Writes the hits for <paramref name="text"/> into <paramref name="hits"/> (at least 2 × length + 1 long) and returns their count.</summary>
    public static int Segment(ReadOnlySpan<char> text, Span<LexiconHit> hits)
    {
        var lower = ArrayPool<char>.Shared.Rent(text.Length);
        var words = ArrayPool<Word>.Shared.Rent(text.Length / 2 + 1);
        try
        {
            var wordCount = SplitWords(text, lower, words);
            return Match(lower, words.AsSpan(0, wordCount), hits);
        }
        finally
        {
            ArrayPool<Word>.Shared.Return(words);
            ArrayPool<char>.Shared.Return(lower);
        }
    }

    /// <summary>
    /// Words are runs of letters and digits, with apostrophes inside them ("don't", "I'm"). Everything else separates
    /// words; clause punctuation also marks a break.
    /// </summary>
    private static int SplitWords(ReadOnlySpan<char> text, char[] lower, Word[] words)
    {
        var count = 0;
        var afterBreak = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (TextClassification.IsClauseBreak(c))
                {
                    afterBreak = true;
                }
                i++;
                continue;
            }

            var word = new Word { Start = i, AfterClauseBreak = afterBreak && count > 0 };
            for (; i < text.Length; i++)
            {
                c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    if (char.IsUpper(c))
                    {
                        word.UpperLetters++;
                    }
                    else if (char.IsLower(c))
                    {
                        word.LowerLetters++;
                    }
                    lower[i] = char.ToLowerInvariant(c);
                }
                else if (TextClassification.IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    lower[i] = '\'';
                }
                else
                {
                    break;
                }
            }
            word.Length = i - word.Start;
            word.Capitalized = word.UpperLetters == 1 && char.IsUpper(text[word.Start]);
            words[count++] = word;
            afterBreak = false;
        }
        return count;
    }

    private static int Match(char[] lower, ReadOnlySpan<Word> words, Span<LexiconHit> hits)
    {
        Span<char> key = stackalloc char[EnglishLexicon.LongestEntryLength];
        var count = 0;
        var w = 0;
        while (w < words.Length)
        {
            if (words[w].AfterClauseBreak)
            {
                hits[count++] = LexiconHit.ClauseBreak;
            }

            var first = lower.AsSpan(words[w].Start, words[w].Length);
            var matchedWords = 0;
            LexiconEntry? entry = null;
            if (EnglishLexicon.LongestEntryStartingWith.TryGetValue(first, out var longest))
            {
                for (var n = PhraseReach(words, w, longest); n >= 1 && entry is null; n--)
                {
                    var keyLength = WriteKey(lower, words.Slice(w, n), key);
                    if (keyLength > 0 && EnglishLexicon.Entries.TryGetValue(key[..keyLength], out var found))
                    {
                        entry = found;
                        matchedWords = n;
                    }
                }
            }

            // A capitalized "Sue" is taken for a name, even first in a sentence: "Sue helped me last time".
            if (entry is not null && !(entry.MayBeProperName && matchedWords == 1 && words[w].Capitalized))
            {
                hits[count++] = LexiconHit.Term(entry, IsShouted(words.Slice(w, matchedWords)));
                w += matchedWords;
            }
            else
            {
                hits[count++] = first.EndsWith("n't", StringComparison.Ordinal) ? LexiconHit.Term(EnglishLexicon.ContractedNegator, false) : LexiconHit.Unknown;
                w++;
            }
        }
        return count;
    }

    /// <summary>How many words from <paramref name="start"/> a phrase may span: at most <paramref name="limit"/>, and not across clause punctuation.</summary>
    private static int PhraseReach(ReadOnlySpan<Word> words, int start, int limit)
    {
        var end = start + 1;
        while (end < words.Length && end - start < limit && !words[end].AfterClauseBreak)
        {
            end++;
        }
        return end - start;
    }

    /// <summary>Joins the words with single spaces into <paramref name="key"/>; 0 when they do not fit (no entry is that long).</summary>
    private static int WriteKey(char[] lower, ReadOnlySpan<Word> phrase, Span<char> key)
    {
        var length = 0;
        foreach (var word in phrase)
        {
            var needed = word.Length + (length > 0 ? 1 : 0);
            if (length + needed > key.Length)
            {
                return 0;
            }
            if (length > 0)
            {
                key[length++] = ' ';
            }
            lower.AsSpan(word.Start, word.Length).CopyTo(key[length..]);
            length += word.Length;
        }
        return length;
    }

    /// <summary>Written in capitals ("RIDICULOUS", "FED UP"): at least two letters and none in lower case.</summary>
    private static bool IsShouted(ReadOnlySpan<Word> phrase)
    {
        var upper = 0;
        foreach (var word in phrase)
        {
            if (word.LowerLetters > 0)
            {
                return false;
            }
            upper += word.UpperLetters;
        }
        return upper >= 2;
    }
}
