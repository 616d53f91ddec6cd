using CallCenter.Calls;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CallCenter.Records;

[StatelessWorker]
public sealed class CallRecordsGrain(ICallRecordStore store, IOptions<ExportOptions> exports) : Grain, ICallRecordsGrain
{
    /// <summary>Calls read per page of the unsure-turns export.</summary>
    private const int CallsPerPage = 200;

    public Task<CallSummary[]> ListAsync(CallStatus? status, int limit) => store.ListAsync(status, Math.Clamp(limit, 1, 1000));

    public Task<CallRecord?> GetAsync(string callId) => store.GetAsync(callId);

    public async Task<UnsureTurnPage> UnsureTurnsAsync(DateTimeOffset? since, long after, int maxTurns)
    {
        var turns = new List<UnsureTurn>();
        var calls = await store.ReadCallsAsync(since, Math.Max(0, after), CallsPerPage);
        foreach (var call in calls)
        {
            turns.AddRange(UnsureTurns.Find(call.Record, since, exports.Value.UnsureConfidence));
            if (turns.Count >= maxTurns)
            {
                // The limit may cut this call short: whoever asked wants no more turns than that.
                return new UnsureTurnPage([.. turns.Take(Math.Max(0, maxTurns))], call.Position);
            }
        }

        return new UnsureTurnPage([.. turns], calls.Length == CallsPerPage ? calls[^1].Position : 0);
    }
}
