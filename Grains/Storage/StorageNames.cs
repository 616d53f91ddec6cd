namespace CallCenter.Storage;

/// <summary>Names of the Orleans grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>Call, agent and queue grain state: the embedded SQLite database, or PostgreSQL when clustered (Orleans:Clustering).</summary>
    public const string Calls = "calls";
}
