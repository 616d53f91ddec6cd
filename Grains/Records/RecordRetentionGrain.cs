using CallCenter.Calls;
using CallCenter.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Records;

/// <summary>
/// The one place calls are deleted for retention. A reminder wakes it every Records:RetentionSweepMinutes on whichever
/// silo holds it (reminders survive silos: in PostgreSQL when clustered); each sweep deletes, a batch at a time, the
/// calls that started more than Records:RetentionDays ago: first the call grain's state, then the records, so a sweep
/// cut short leaves records that the next one finds again, never a transcript nobody can find. The engine keeps no
/// other copy of a call: no audio is recorded, exports are streamed from the records, synthesized speech is cached in
/// memory only.
/// </summary>
public sealed class RecordRetentionGrain(
    ICallRecordStore records,
    CallCenterMetrics metrics,
    TimeProvider time,
    IOptions<RecordsOptions> options,
    ILogger<RecordRetentionGrain> logger) : Grain, IRecordRetentionGrain, IRemindable
{
    private const string Reminder = "retention";
    private const int BatchSize = 200;

    /// <summary>At most this many batches per sweep (a backlog is worked off over several sweeps, not in one long one).</summary>
    private const int MaxBatches = 50;

    /// <summary>Call grains purged at once.</summary>
    private const int Parallel = 16;

    public async Task ScheduleAsync()
    {
        var settings = options.Value;
        if (settings.RetentionDays > 0)
        {
            var period = TimeSpan.FromMinutes(settings.RetentionSweepMinutes);
            await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), period);
        }
        else if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    public async Task<int> SweepAsync()
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(days);
        var deleted = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var expired = await records.StartedBeforeAsync(cutoff, BatchSize);
            foreach (var calls in expired.Chunk(Parallel))
            {
                await Task.WhenAll(calls.Select(id => GrainFactory.GetGrain<ICallGrain>(id).PurgeAsync()));
            }

            deleted += expired.Length == 0 ? 0 : await records.DeleteAsync(expired);
            if (expired.Length < BatchSize)
            {
                break;
            }
        }

        metrics.RecordsDeleted(deleted);
        logger.LogInformation("Retention: deleted {Calls} calls (records and state) started before {Cutoff:O} (Records:RetentionDays = {Days}).", deleted, cutoff, days);
        return deleted;
    }
}
