namespace CallCenter.Caching;

/// <summary>Configuration section "AnswerCache".</summary>
public sealed class AnswerCacheOptions
{
    public const string Section = "AnswerCache";

    public bool Enabled { get; set; } = true;

    /// <summary>How long an answer is reused before it is fetched again (policies change rarely, but they do change).</summary>
    public int TtlMinutes { get; set; } = 10;

    /// <summary>Entries kept per silo at most; when full, new questions are answered but not cached until entries expire.</summary>
    public int MaxEntries { get; set; } = 10_000;
}
