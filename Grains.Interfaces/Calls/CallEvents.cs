using Orleans.Runtime;

namespace CallCenter.Calls;

[GenerateSerializer, Alias("CallEventKind")]
public enum CallEventKind
{
    Started, CallerTurn, BotTurn, PartialTranscript, Interrupted, Ended, SupervisorAlert, Transferred,

    /// <summary>The queue offered the call to <see cref="CallEvent.AgentId"/> (and withdrew it: <see cref="OfferWithdrawn"/>).</summary>
    Offered, OfferWithdrawn,

    /// <summary>An agent took the call, spoke in it, or gave it back to the AI.</summary>
    AgentJoined, AgentTurn, AgentLeft,

    /// <summary>The agent disconnected mid-call; the caller is back at the front of the queue.</summary>
    Requeued,

    /// <summary>An agent's state changed (<see cref="CallEvent.Text"/>: offline, available, busy, wrap_up); not about a call.</summary>
    AgentState,
}

/// <summary>
/// Something that happened in a call, for dashboards, wallboards and supervisors following calls live. Published by the
/// grains that own it on the Orleans stream <see cref="CallEventStreams.AllCalls"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("CallEvent")]
public sealed record CallEvent(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallEventKind Kind,
    [property: Id(2)] DateTimeOffset Time,
    [property: Id(3)] CallChannel Channel,
    [property: Id(4)] CallStatus Status,
    [property: Id(5)] string? Text,
    [property: Id(6)] Intent? Intent,
    [property: Id(7)] EmotionState? Emotion,
    [property: Id(8)] bool Urgent,
    [property: Id(9)] string? AgentId = null);

public static class CallEventStreams
{
    /// <summary>The stream provider the silo configures (memory streams by default).</summary>
    public const string Provider = "CallEvents";

    /// <summary>Every call's events on one stream, in order per call: what a wallboard subscribes to.</summary>
    public static readonly StreamId AllCalls = StreamId.Create("calls", "all");
}
