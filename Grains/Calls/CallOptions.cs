namespace CallCenter.Calls;

/// <summary>Configuration section "Calls".</summary>
public sealed class CallOptions
{
    public const string Section = "Calls";

    /// <summary>A call with no caller activity for this long is ended (outcome as for a hang-up). Chat callers often just leave.</summary>
    public double IdleTimeoutMinutes { get; set; } = 15;

    /// <summary>How often an active call checks whether it has gone idle.</summary>
    public double IdleCheckSeconds { get; set; } = 60;

    /// <summary>
    /// A call held by a Gateway process (a voice line, a chat WebSocket) is ended as dropped when that process has not
    /// renewed its hold for this long: the process died, and the caller with it. The Gateway renews every third of it.
    /// </summary>
    public double HoldLeaseSeconds { get; set; } = 30;

    public TimeSpan HoldLease => TimeSpan.FromSeconds(Math.Max(1, HoldLeaseSeconds));

    /// <summary>
    /// Whether the silo keeps reminders durably (PostgreSQL or Redis when clustered), set by the hosting, not by
    /// configuration. Only then does each call keep a reminder to be woken after its silo died: Orleans' in-memory
    /// reminder table (one silo) is a single grain that every call start would queue on, and it dies with the silo anyway.
    /// </summary>
    public bool DurableReminders { get; internal set; }
}
