namespace CallCenter.Calls;

/// <summary>
/// One line of the call list: a call's header as the durable records hold it. The fields after <c>TurnCount</c> come
/// with human agents (#5): when the call was (last) transferred, the agent on it at the end, how they closed it, and the
/// after-call summary and estimated satisfaction (1 to 5), set when the call ends.
/// </summary>
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
    [property: Id(11)] int TurnCount,
    [property: Id(12)] DateTimeOffset? TransferredAt = null,
    [property: Id(13)] string? AgentId = null,
    [property: Id(14)] Agents.Disposition? Disposition = null,
    [property: Id(15)] string? DispositionNote = null,
    [property: Id(16)] string? Summary = null,
    [property: Id(17)] double? Satisfaction = null);

/// <summary>A call's durable record: its header and every turn, as written turn by turn.</summary>
[GenerateSerializer, Alias("CallRecord")]
public sealed record CallRecord([property: Id(0)] CallSummary Summary, [property: Id(1)] Turn[] Turns);

/// <summary>Queries over the durable call records (a stateless worker: reads only).</summary>
[Alias("ICallRecordsGrain")]
public interface ICallRecordsGrain : IGrainWithIntegerKey
{
    [Alias("List")] Task<CallSummary[]> ListAsync(CallStatus? status, int limit);
    [Alias("Get")] Task<CallRecord?> GetAsync(string callId);

    /// <summary>
    /// One page of the caller turns the brain was unsure of (for labeling), from calls after the cursor
    /// <paramref name="after"/> (0 to start), oldest call first; at most <paramref name="maxTurns"/> turns.
    /// </summary>
    /// <param name="since">Only turns at or after this time (null: all).</param>
    [Alias("UnsureTurns")] Task<UnsureTurnPage> UnsureTurnsAsync(DateTimeOffset? since, long after, int maxTurns);
}

/// <summary>
/// A caller turn worth a human label: the brain was unsure of it (<see cref="Reasons"/>: low_confidence, not_understood,
/// fallback) or a person took over from it (handed_to_agent). <see cref="Brain"/> and <see cref="BotReply"/> are of the
/// answer that followed (a bot's or an agent's); <see cref="AgentReply"/> is what an agent said to it, if one did.
/// </summary>
[GenerateSerializer, Alias("UnsureTurn")]
public sealed record UnsureTurn(
    [property: Id(0)] string CallId,
    [property: Id(1)] int Seq,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] Language Language,
    [property: Id(4)] string Text,
    [property: Id(5)] Intent? Intent,
    [property: Id(6)] double? Confidence,
    [property: Id(7)] string? Brain,
    [property: Id(8)] string? BotReply,
    [property: Id(9)] string[] Reasons,
    [property: Id(10)] string? AgentReply);

/// <summary>A page of the export; <see cref="Next"/> is the cursor for the next page, 0 when there is no more.</summary>
[GenerateSerializer, Alias("UnsureTurnPage")]
public sealed record UnsureTurnPage([property: Id(0)] UnsureTurn[] Turns, [property: Id(1)] long Next);

/// <summary>Why a turn is in the unsure-turns export.</summary>
public static class UnsureReasons
{
    public const string LowConfidence = "low_confidence";
    public const string NotUnderstood = "not_understood";
    public const string Fallback = "fallback";
    public const string HandedToAgent = "handed_to_agent";
}
