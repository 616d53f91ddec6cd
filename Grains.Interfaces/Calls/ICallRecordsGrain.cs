namespace CallCenter.Calls;

/// <summary>One line of the call list: a call's header as the durable records hold it.</summary>
[GenerateSerializer, Alias("CallSummary")]
public sealed record CallSummary(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallChannel Channel,
    [property: Id(2)] Language Language,
    [property: Id(3)] CallStatus Status,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? EndedAt,
    [property: Id(7)] CallOutcome Outcome,
    [property: Id(8)] bool Urgent,
    [property: Id(9)] double EmotionScore,
    [property: Id(10)] string? HandoffReason,
    [property: Id(11)] int TurnCount);

/// <summary>A call's durable record: its header and every turn, as written turn by turn.</summary>
[GenerateSerializer, Alias("CallRecord")]
public sealed record CallRecord([property: Id(0)] CallSummary Summary, [property: Id(1)] Turn[] Turns);

/// <summary>Queries over the durable call records (a stateless worker: reads only).</summary>
[Alias("ICallRecordsGrain")]
public interface ICallRecordsGrain : IGrainWithIntegerKey
{
    [Alias("List")] Task<CallSummary[]> ListAsync(CallStatus? status, int limit);
    [Alias("Get")] Task<CallRecord?> GetAsync(string callId);
}
