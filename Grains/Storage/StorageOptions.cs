namespace CallCenter.Storage;

/// <summary>Configuration section "Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The embedded SQLite database file (CRM data, call records, grain state). Created on first start.</summary>
    public string SqlitePath { get; set; } = "data/callcenter.db";

    /// <summary>
    /// SQLite's synchronous setting in WAL mode. "Normal" survives a process crash (what a restart needs) and
    /// commits without an fsync; "Full" also survives power loss at the cost of one fsync per group commit.
    /// </summary>
    public string Synchronous { get; set; } = "Normal";
}
