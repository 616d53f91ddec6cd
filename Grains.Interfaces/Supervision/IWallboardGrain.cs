using CallCenter.Agents;
using CallCenter.Calls;

namespace CallCenter.Supervision;

[GenerateSerializer, Alias("ActiveCall")]
public sealed record ActiveCall(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallChannel Channel,
    [property: Id(2)] CallStatus Status,
    [property: Id(3)] double Emotion,
    [property: Id(4)] bool Urgent,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] string? AgentId,
    [property: Id(7)] string? LastText);

[GenerateSerializer, Alias("AgentOnBoard")]
public sealed record AgentOnBoard(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] AgentState State,
    [property: Id(3)] DateTimeOffset Since);

[GenerateSerializer, Alias("SupervisorAlert")]
public sealed record SupervisorAlert(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset Time);

/// <summary>The floor at a glance. Rates are null until there is something to rate.</summary>
/// <param name="ServiceLevel">Share of transferred calls an agent answered within the service-level time.</param>
/// <param name="AverageHandleSeconds">Mean time an agent spent on a call, from taking it to closing or handing it back.</param>
/// <param name="Containment">Share of ended calls resolved by the AI without a person.</param>
[GenerateSerializer, Alias("Wallboard")]
public sealed record Wallboard(
    [property: Id(0)] ActiveCall[] ActiveCalls,
    [property: Id(1)] WaitingCall[] Waiting,
    [property: Id(2)] AgentOnBoard[] Agents,
    [property: Id(3)] double? ServiceLevel,
    [property: Id(4)] double? AverageHandleSeconds,
    [property: Id(5)] double? Containment,
    [property: Id(6)] int CallsEnded,
    [property: Id(7)] int Transferred,
    [property: Id(8)] SupervisorAlert[] Alerts,
    [property: Id(9)] int ServiceLevelSeconds);

/// <summary>The supervisor wallboard's figures (one per tenant, "default"), folded from the call events stream.</summary>
[Alias("IWallboardGrain")]
public interface IWallboardGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<Wallboard> GetAsync();
}

public static class WallboardKeys
{
    public const string Default = "default";
}
