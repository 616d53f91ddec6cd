namespace CallCenter.Calls;

/// <summary>Configuration section "Calls".</summary>
public sealed class CallOptions
{
    public const string Section = "Calls";

    /// <summary>A call with no caller activity for this long is ended (outcome as for a hang-up). Chat callers often just leave.</summary>
    public double IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>How often an active call checks whether it has gone idle.</summary>
    public double IdleCheckSeconds { get; set; } = 60;
}
