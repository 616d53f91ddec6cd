namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Corrects a misspelled word to a word of a known vocabulary ("cancle" → "cancel", "areobuds" → "aerobuds").
/// Symmetric-delete lookup: every vocabulary word is indexed under its one- and two-letter deletions at start-up,
/// so a lookup costs a handful of dictionary probes rather than a scan of the vocabulary.
/// Short words are never corrected: at four letters or fewer one edit turns most words into other real words.
/// </summary>
internal sealed class SpellingCorrector
{
    private const int MinQueryLength = 5;

    // Longer tokens are codes or noise, and their deletion sets grow quadratically.
    private const int MaxQueryLength = 24;
    private readonly Dictionary<string, List<string>> _byDeletion = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vocabulary;
    private readonly Dictionary<string, int> _frequency;

    /// <param name="words">Vocabulary with how often each word occurs; the more frequent wins a tie.</param>
    /// <param name="minTargetLength">Shortest vocabulary word a typo may be corrected to.</param>
    public SpellingCorrector(IReadOnlyDictionary<string, int> words, int minTargetLength = 5)
    {
        _frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (word, count) in words)
        {
            if (word.Length < minTargetLength || !IsPlainWord(word)) continue;
            _frequency[word] = count;
            foreach (var deletion in Deletions(word, MaxDistance(word.Length)))
            {
                if (!_byDeletion.TryGetValue(deletion, out var list)) _byDeletion[deletion] = list = new List<string>(1);
                if (!list.Contains(word)) list.Add(word);
            }
        }
        _vocabulary = new HashSet<string>(_frequency.Keys, StringComparer.Ordinal);
    }

    public bool IsKnown(string word) => _vocabulary.Contains(word);

    /// <summary>The closest vocabulary word, or null when the word is known, too short, or nothing is close enough.</summary>
    public string? Correct(string word)
    {
        if (word.Length is < MinQueryLength or > MaxQueryLength || _vocabulary.Contains(word) || !IsPlainWord(word)) return null;
        var limit = MaxDistance(word.Length);
        string? best = null;
        int bestDistance = int.MaxValue, bestFrequency = -1;
        foreach (var deletion in Deletions(word, limit))
        {
            if (!_byDeletion.TryGetValue(deletion, out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                var d = Distance(word, candidate, limit);
                if (d > limit) continue;
                var f = _frequency[candidate];
                if (d < bestDistance || (d == bestDistance && f > bestFrequency))
                {
                    best = candidate;
                    bestDistance = d;
                    bestFrequency = f;
                }
            }
        }
        return best;
    }

    // Two edits only for long words, where two random words rarely are that close.
    private static int MaxDistance(int length) => length >= 8 ? 2 : 1;

    private static bool IsPlainWord(string word)
    {
        foreach (var c in word) if (c is < 'a' or > 'z') return false;
        return true;
    }

    /// <summary>The word itself and every string obtained by deleting up to <paramref name="depth"/> letters.</summary>
    private static HashSet<string> Deletions(string word, int depth)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { word };
        var frontier = new List<string> { word };
        for (var d = 0; d < depth; d++)
        {
            var next = new List<string>();
            foreach (var w in frontier)
            {
                if (w.Length <= 2) continue;
                for (var k = 0; k < w.Length; k++)
                {
                    var shorter = string.Concat(w.AsSpan(0, k), w.AsSpan(k + 1));
                    if (result.Add(shorter)) next.Add(shorter);
                }
            }
            frontier = next;
        }
        return result;
    }

    /// <summary>Optimal-string-alignment distance (edits plus adjacent transpositions), giving up above <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > limit) return limit + 1;
            var t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return prev[b.Length];
    }
}
