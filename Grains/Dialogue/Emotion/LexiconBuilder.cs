using System.Collections.Frozen;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Collects lexicon entries grouped by role and strength, so the word lists read like a table,
/// and refuses duplicates: a word listed twice with different strengths is a mistake, and failing at
/// type initialization makes every test show it.
/// </summary>
internal sealed class LexiconBuilder(Func<string, bool> isValidKey)
{
    private readonly Dictionary<string, LexiconEntry> _entries = new(StringComparer.Ordinal);

    public LexiconBuilder Sentiment(double valence, params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Sentiment, Valence = valence });
        }
        return this;
    }

    /// <summary>Terms that are complaints in themselves ("never received", "投诉"), whatever their strength.</summary>
    public LexiconBuilder ComplaintCue(double valence, params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Sentiment, Valence = valence, IsComplaintCue = true });
        }
        return this;
    }

    /// <summary>Terms that make the call urgent; every variant reports <paramref name="canonical"/>.</summary>
    public LexiconBuilder Urgent(string canonical, double valence, params string[] variants)
    {
        foreach (var variant in variants)
        {
            Add(new LexiconEntry { Text = variant, Role = TermRole.Sentiment, Valence = valence, UrgentTerm = canonical });
        }
        return this;
    }

    public LexiconBuilder Modifier(double multiplier, params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Modifier, Multiplier = multiplier });
        }
        return this;
    }

    /// <summary>Words that intensify a following sentiment term and carry <paramref name="valence"/> when none follows.</summary>
    public LexiconBuilder ModifierOrSentiment(double valence, double multiplier, params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry
            {
                Text = term,
                Role = TermRole.Sentiment,
                Valence = valence,
                Multiplier = multiplier,
                ModifiesFollowingSentiment = true,
            });
        }
        return this;
    }

    public LexiconBuilder Negator(double strength, params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Negator, Multiplier = strength });
        }
        return this;
    }

    public LexiconBuilder Contrast(params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Contrast });
        }
        return this;
    }

    public LexiconBuilder Neutral(params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Neutral });
        }
        return this;
    }

    public LexiconBuilder Filler(params string[] terms)
    {
        foreach (var term in terms)
        {
            Add(new LexiconEntry { Text = term, Role = TermRole.Filler });
        }
        return this;
    }

    /// <summary>Changes an entry already added, for the few words that need a special flag.</summary>
    public LexiconBuilder Adjust(string term, Func<LexiconEntry, LexiconEntry> change)
    {
        if (!_entries.TryGetValue(term, out var entry))
        {
            throw new InvalidOperationException($"Emotion lexicon: cannot adjust '{term}', it was never added.");
        }
        _entries[term] = change(entry);
        return this;
    }

    public LexiconBuilder Add(LexiconEntry entry)
    {
        if (!isValidKey(entry.Text))
        {
            throw new InvalidOperationException($"Emotion lexicon: '{entry.Text}' is not written the way the segmenter looks it up.");
        }
        if (!_entries.TryAdd(entry.Text, entry))
        {
            throw new InvalidOperationException($"Emotion lexicon: '{entry.Text}' is listed twice.");
        }
        return this;
    }

    public FrozenDictionary<string, LexiconEntry> Build() => _entries.ToFrozenDictionary(StringComparer.Ordinal);
}
