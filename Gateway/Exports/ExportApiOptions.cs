namespace CallCenter.Gateway.Exports;

/// <summary>The Gateway's part of the "Exports" section: how many lines an export gives.</summary>
public sealed class ExportApiOptions
{
    public const string Section = "Exports";

    /// <summary>Lines an export gives when the request names no <c>limit</c>.</summary>
    public int DefaultLimit { get; set; } = 10_000;

    /// <summary>The largest <c>limit</c> a request may ask for.</summary>
    public int MaxLimit { get; set; } = 1_000_000;
}
