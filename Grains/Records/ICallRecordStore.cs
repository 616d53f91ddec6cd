using CallCenter.Calls;

namespace CallCenter.Records;

/// <summary>Durable call records: every turn of every call, kept after the call ends and across restarts.</summary>
public interface ICallRecordStore
{
    /// <summary>Writes the call's header and its new turns in one durable write.</summary>
    Task SaveAsync(CallSummary summary, IReadOnlyList<Turn> newTurns);

    Task<CallSummary[]> ListAsync(CallStatus? status, int limit);

    Task<CallRecord?> GetAsync(string callId);
}
