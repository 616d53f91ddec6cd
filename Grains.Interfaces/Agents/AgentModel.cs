using CallCenter.Calls;

namespace CallCenter.Agents;

/// <summary>Where a human agent is: signed out, ready for a call, on one, or finishing its paperwork.</summary>
[GenerateSerializer, Alias("AgentState")]
public enum AgentState { Offline, Available, Busy, WrapUp }

/// <summary>Who an agent is and what they can take: the languages they speak and the domains (packs) they know.</summary>
[GenerateSerializer, Alias("AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] Language[] Languages,
    [property: Id(2)] string[] Domains);

/// <summary>Everything an agent needs to take over a call: the conversation so far and what the engine made of it.</summary>
[GenerateSerializer, Alias("CallContext")]
public sealed record CallContext(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallChannel Channel,
    [property: Id(2)] Language Language,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] string? CustomerName,
    [property: Id(5)] bool Urgent,
    [property: Id(6)] string? Reason,
    [property: Id(7)] string Summary,
    [property: Id(8)] Intent? Intent,
    [property: Id(9)] Entity[] Entities,
    [property: Id(10)] double[] EmotionCurve,
    [property: Id(11)] Turn[] Transcript,
    [property: Id(12)] string[] SuggestedReplies);

/// <summary>A waiting call offered to one agent until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Alias("CallOffer")]
public sealed record CallOffer(
    [property: Id(0)] CallContext Context,
    [property: Id(1)] DateTimeOffset WaitingSince,
    [property: Id(2)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Alias("AgentSnapshot")]
public sealed record AgentSnapshot(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] AgentState State,
    [property: Id(3)] Language[] Languages,
    [property: Id(4)] string[] Domains,
    [property: Id(5)] string? CallId,
    [property: Id(6)] CallOffer? Offer,
    [property: Id(7)] DateTimeOffset StateSince,
    [property: Id(8)] int CallsHandled);

/// <summary>How the agent closed a call. Serialized as snake_case (follow_up).</summary>
[GenerateSerializer, Alias("Disposition")]
public enum Disposition { Resolved, FollowUp, Escalated, NotResolved }

/// <summary>A call waiting for a person, as the queue orders it.</summary>
[GenerateSerializer, Alias("WaitingCall")]
public sealed record WaitingCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] Language Language,
    [property: Id(2)] string Domain,
    [property: Id(3)] bool Urgent,
    [property: Id(4)] double Emotion,
    [property: Id(5)] DateTimeOffset WaitingSince,
    [property: Id(6)] CallChannel Channel,
    [property: Id(7)] bool Returned = false);

/// <summary>An agent ready for calls, as routing sees it.</summary>
[GenerateSerializer, Alias("ReadyAgent")]
public sealed record ReadyAgent(
    [property: Id(0)] string AgentId,
    [property: Id(1)] Language[] Languages,
    [property: Id(2)] string[] Domains,
    [property: Id(3)] DateTimeOffset IdleSince);

/// <summary>The queue as a wallboard shows it.</summary>
[GenerateSerializer, Alias("QueueSnapshot")]
public sealed record QueueSnapshot(
    [property: Id(0)] WaitingCall[] Waiting,
    [property: Id(1)] ReadyAgent[] ReadyAgents,
    [property: Id(2)] Dictionary<string, string> Offers);

[GenerateSerializer, Alias("AgentNotFoundException")]
public sealed class AgentNotFoundException(string agentId) : Exception($"No agent '{agentId}' has signed in. Sign in first.")
{
    [Id(0)] public string AgentId { get; } = agentId;
}
