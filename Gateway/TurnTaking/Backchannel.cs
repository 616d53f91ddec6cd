using System.Text;
using CallCenter.Calls;

namespace CallCenter.Gateway.TurnTaking;

/// <summary>
/// Recognizes backchannels: short acknowledgements ("mm-hm", "yeah", "ok", "嗯", "对", "好的") a caller says while
/// listening. Said during the bot's answer they mean "go on", so the answer must not be thrown away as it would be
/// for a real interruption.
/// </summary>
/// <remarks>
/// A transcript is a backchannel only if it consists entirely of acknowledgement words (at most
/// <see cref="MaxUnits"/> of them, repetitions allowed: "yeah yeah", "嗯嗯好的"): "yeah but I want to cancel" or
/// "好的，帮我取消" is a real turn. Case, punctuation, hyphens, letter stretching ("mmm", "okaaay") and, in Chinese, a
/// trailing modal particle ("对啊", "好的呀") are ignored. "ok" counts in both languages, since Chinese speakers say
/// it too.
/// </remarks>
public static class Backchannel
{
    /// <summary>Longest run of acknowledgement words still taken as a backchannel.</summary>
    public const int MaxUnits = 6;

    // English phrases as word sequences. Matched after letter runs are collapsed ("mmm" → "m", "hmm" → "hm"), so
    // each phrase is stored collapsed the same way.
    private static readonly string[][] EnglishPhrases = Collapse(
    [
        "mm", "mmm", "hm", "hmm", "mhm", "mm hm", "mm hmm", "mmhmm", "uh huh", "uhuh", "uh hu", "um hum", "aha", "ah",
        "oh", "ooh", "yeah", "yea", "yep", "yup", "yes", "ya", "ok", "okay", "okey", "k", "kay", "alright", "all right",
        "right", "sure", "i see", "got it", "gotcha", "cool", "great", "good", "fine", "sounds good", "that's right",
        "thats right", "exactly", "indeed", "true", "go on", "go ahead", "uh", "um", "oh ok", "oh okay",
    ]);

    // Chinese units, longest first so "好的" is taken before "好".
    private static readonly string[] ChineseUnits =
    [
        "没问题", "知道了", "明白了", "了解了", "好嘞", "好滴", "好的", "是的", "对的", "没错", "明白", "了解", "知道", "可以", "嗯哼", "好吧",
        "嗯", "恩", "对", "好", "是", "哦", "噢", "喔", "哈", "行", "ok", "okay",
    ];

    // Modal particles that may close a Chinese acknowledgement (对啊, 好的呀, 是吧) without changing it.
    private const string ChineseParticles = "啊呀吧呢哈啦嘛的";

    private static readonly string[] ChineseUnitsByLength = ChineseUnits.OrderByDescending(u => u.Length).ToArray();

    /// <summary>Whether <paramref name="transcript"/> is only an acknowledgement in <paramref name="language"/>.</summary>
    public static bool IsBackchannel(string? transcript, Language language)
    {
        if (string.IsNullOrWhiteSpace(transcript))
        {
            return false;
        }

        var text = transcript.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        return language switch
        {
            Language.Zh => IsChineseBackchannel(text),
            _ => IsEnglishBackchannel(text),
        };
    }

    private static bool IsEnglishBackchannel(string text)
    {
        var words = Words(text);
        if (words.Count == 0 || words.Count > MaxUnits * 2)
        {
            return false;
        }

        // Cover the words with known phrases, left to right; try the longer phrase first and back off.
        return Covers(words, 0, 0);
    }

    private static bool Covers(List<string> words, int index, int units)
    {
        if (index == words.Count)
        {
            return units > 0;
        }
        if (units == MaxUnits)
        {
            return false;
        }

        foreach (var phrase in EnglishPhrases)
        {
            if (index + phrase.Length <= words.Count && Matches(words, index, phrase) && Covers(words, index + phrase.Length, units + 1))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(List<string> words, int index, string[] phrase)
    {
        for (var i = 0; i < phrase.Length; i++)
        {
            if (words[index + i] != phrase[i])
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsChineseBackchannel(string text)
    {
        // Letters of Latin words ("ok") stay; spaces and punctuation go.
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }
        var rest = builder.ToString();

        var units = 0;
        var position = 0;
        while (position < rest.Length)
        {
            var unit = ChineseUnitsByLength.FirstOrDefault(u => string.CompareOrdinal(rest, position, u, 0, u.Length) == 0);
            if (unit is not null)
            {
                position += unit.Length;
                units++;
            }
            else if (units > 0 && ChineseParticles.Contains(rest[position]))
            {
                position++;
            }
            else
            {
                return false;
            }

            if (units > MaxUnits)
            {
                return false;
            }
        }
        return units > 0;
    }

    /// <summary>
    /// Lower-case words with letter runs collapsed ("mmm" → "m"); apostrophes dropped ("that's" = "thats"); spaces,
    /// hyphens and punctuation separate words. Anything else (a digit) means no acknowledgement: an empty list.
    /// </summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '\'' or '’')
            {
                continue;
            }

            if (char.IsLetter(c))
            {
                if (word.Length == 0 || word[^1] != c)
                {
                    word.Append(c);
                }
                continue;
            }

            if (!char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                return [];
            }

            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static string[][] Collapse(string[] phrases)
    {
        return phrases.Select(p => Words(p).ToArray()).Where(p => p.Length > 0).Distinct(PhraseComparer.Instance).OrderByDescending(p => p.Length).ToArray();
    }

    private sealed class PhraseComparer : IEqualityComparer<string[]>
    {
        public static readonly PhraseComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join(' ', obj).GetHashCode(StringComparison.Ordinal);
    }
}
