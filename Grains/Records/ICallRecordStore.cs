using CallCenter.Calls;

namespace CallCenter.Records;

/// <summary>Durable call records: every turn of every call, kept after the call ends and across restarts.</summary>
public interface ICallRecordStore
{
    /// <summary>Writes the call's header and its new turns in one durable write.</summary>
    Task SaveAsync(CallSummary summary, IReadOnlyList<Turn> newTurns);

    Task<CallSummary[]> ListAsync(CallStatus? status, int limit);

    Task<CallRecord?> GetAsync(string callId);

    /// <summary>
    /// Whole calls in the order they were first written, after the cursor <paramref name="after"/> (0 to start); only
    /// calls still going at <paramref name="since"/> or ended after it.
    /// </summary>
    Task<StoredCall[]> ReadCallsAsync(DateTimeOffset? since, long after, int maxCalls);

    /// <summary>Ids of the calls started before <paramref name="cutoff"/>, oldest first, at most <paramref name="limit"/>: what retention deletes next.</summary>
    Task<string[]> StartedBeforeAsync(DateTimeOffset cutoff, int limit);

    /// <summary>Deletes these calls' records, header and turns, in one write; returns how many calls there were.</summary>
    Task<int> DeleteAsync(IReadOnlyCollection<string> callIds);
}

/// <summary>A call's record and its place in the store (the cursor for the next read).</summary>
public sealed record StoredCall(long Position, CallRecord Record);
