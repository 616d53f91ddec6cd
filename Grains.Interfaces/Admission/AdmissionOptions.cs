namespace CallCenter.Admission;

/// <summary>
/// Configuration section "Admission": how many calls a silo takes, and how a refused caller is answered. The limits are
/// each silo's own (a silo reports them with its load, so silos of different sizes can differ); the answer is the
/// Gateway's. The cluster's capacity is the sum of its silos' limits.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = "Admission";

    /// <summary>Calls in progress (all channels) this silo is sized for; 0 = no limit.</summary>
    public int MaxActiveCallsPerSilo { get; set; }

    /// <summary>Voice calls in progress this silo is sized for (they count toward <see cref="MaxActiveCallsPerSilo"/> too); 0 = no limit.</summary>
    public int MaxVoiceCallsPerSilo { get; set; }

    /// <summary>What a refused caller is told to wait before trying again (HTTP Retry-After, the busy message).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How often each silo reports its active calls to the cluster's load table.</summary>
    public int ReportIntervalMs { get; set; } = 1000;

    /// <summary>A silo whose last report is older than this many report intervals is dropped from the load table.</summary>
    public const int ExpiryIntervals = 3;

    /// <summary>How long a silo's report stays in the load table without a newer one.</summary>
    public TimeSpan ReportExpiry => TimeSpan.FromMilliseconds(Math.Max(ReportIntervalMs, 100) * ExpiryIntervals);
}
