using CallCenter.Calls;
using Orleans.Concurrency;

namespace CallCenter.Records;

[StatelessWorker]
public sealed class CallRecordsGrain(ICallRecordStore store) : Grain, ICallRecordsGrain
{
    public Task<CallSummary[]> ListAsync(CallStatus? status, int limit) => store.ListAsync(status, Math.Clamp(limit, 1, 1000));

    public Task<CallRecord?> GetAsync(string callId) => store.GetAsync(callId);
}
