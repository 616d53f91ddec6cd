namespace CallCenter.Calls;

/// <summary>
/// Deletes calls older than Records:RetentionDays, everywhere the engine keeps them: the call's grain state and its
/// durable records. One grain for the cluster, woken by a reminder every Records:RetentionSweepMinutes.
/// </summary>
[Alias("IRecordRetentionGrain")]
public interface IRecordRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the periodic sweep, or removes it when retention is off. Every silo calls it when it starts.</summary>
    [Alias("Schedule")]
    Task ScheduleAsync();

    /// <summary>Deletes what is older than the retention period now; returns how many calls were deleted.</summary>
    [Alias("Sweep")]
    Task<int> SweepAsync();
}
