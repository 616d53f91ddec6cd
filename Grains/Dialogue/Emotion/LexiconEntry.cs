namespace CallCenter.Dialogue.Emotion;

/// <summary>What a lexicon entry does to the turn score.</summary>
internal enum TermRole : byte
{
    /// <summary>Carries a valence of its own ("angry", "谢谢").</summary>
    Sentiment,

    /// <summary>Scales the sentiment term right after it: intensifiers above 1 ("very", "非常"), diminishers below 1 ("a bit", "有点").</summary>
    Modifier,

    /// <summary>Flips the next sentiment term ("not", "不"). Its multiplier strengthens the flip ("根本不").</summary>
    Negator,

    /// <summary>"but": what follows outweighs what came before ("thanks, but it is still broken" is a complaint).</summary>
    Contrast,

    /// <summary>
    /// A fixed expression that must not be read word by word ("no thanks", "good morning", "不好意思", "差不多").
    /// It scores nothing and ends any pending negation or modifier, like an unknown word.
    /// </summary>
    Neutral,

    /// <summary>A word that may sit between a modifier and its term without breaking them apart ("真是垃圾", "非常的满意").</summary>
    Filler,
}

/// <summary>One word or fixed phrase of the emotion lexicon and how it counts.</summary>
internal sealed record LexiconEntry
{
    /// <summary>The text as matched: lower case with single spaces for English, the characters for Chinese.</summary>
    public required string Text { get; init; }

    public required TermRole Role { get; init; }

    /// <summary>For sentiment terms: roughly -1 (furious) to 1 (delighted) before modifiers.</summary>
    public double Valence { get; init; }

    /// <summary>For modifiers: the factor applied to the next term. For negators: how strongly they flip.</summary>
    public double Multiplier { get; init; } = 1;

    /// <summary>The term is a complaint in itself ("never received", "投诉") even when the score is mild.</summary>
    public bool IsComplaintCue { get; init; }

    /// <summary>The canonical urgent term this entry reports ("suing" reports "sue"); null when the entry is not urgent.</summary>
    public string? UrgentTerm { get; init; }

    /// <summary>
    /// Some words intensify when a sentiment term follows and carry their own sentiment otherwise:
    /// "fucking useless" / "this fucking company", "好烦" (so annoying) / "很好" (good).
    /// </summary>
    public bool ModifiesFollowingSentiment { get; init; }

    /// <summary>
    /// The term only counts when a modifier or negator comes right before it. Chinese 好 is "good" in 很好 and 不好,
    /// but mostly noise elsewhere (好的 = OK, 好像 = seems, 你好 = hello).
    /// </summary>
    public bool CountsOnlyWhenModified { get; init; }

    /// <summary>The word is also a given name ("Sue"), so a capitalized occurrence is not counted.</summary>
    public bool MayBeProperName { get; init; }
}
