namespace CallCenter.Dialogue.Emotion;

internal enum HitKind : byte
{
    /// <summary>A lexicon entry matched.</summary>
    Term,

    /// <summary>A word (English) or character (Chinese) the lexicon does not know. It separates modifiers from terms.</summary>
    Unknown,

    /// <summary>Punctuation that ends a clause; negation and modifiers do not reach across it.</summary>
    ClauseBreak,
}

/// <summary>One step of a segmented turn, the common currency between the language segmenters and <see cref="TurnScorer"/>.</summary>
internal readonly record struct LexiconHit(HitKind Kind, LexiconEntry? Entry, bool Shouted)
{
    public static readonly LexiconHit Unknown = new(HitKind.Unknown, null, false);
    public static readonly LexiconHit ClauseBreak = new(HitKind.ClauseBreak, null, false);

    public static LexiconHit Term(LexiconEntry entry, bool shouted) => new(HitKind.Term, entry, shouted);

    public bool IsSentiment => Kind == HitKind.Term && Entry!.Role == TermRole.Sentiment;
}
