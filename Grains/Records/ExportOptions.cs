namespace CallCenter.Records;

/// <summary>Configuration section "Exports": what the labeling export counts as unsure (the Gateway reads its own part, the limits).</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>A caller turn understood with a confidence below this is exported as low_confidence.</summary>
    public double UnsureConfidence { get; set; } = 0.5;
}
