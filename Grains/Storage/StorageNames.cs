namespace CallCenter.Storage;

/// <summary>Names of the Orleans grain storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>Call grain state. The embedded SQLite database by default.</summary>
    public const string Calls = "calls";
}
