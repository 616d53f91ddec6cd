namespace CallCenter.Agents;

/// <summary>
/// One human agent: their profile, state and the call they are on. The agent desktop drives it; the queue offers it
/// calls; the call grain learns from it when the agent takes over, talks, hands back or closes.
/// </summary>
[Alias("IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    [Alias("SignIn")] Task<AgentSnapshot> SignInAsync(AgentProfile profile);
    [Alias("SetState")] Task<AgentSnapshot> SetStateAsync(AgentState state);
    [Alias("Get")] Task<AgentSnapshot> GetAsync();

    /// <summary>The queue offers a call; false when the agent cannot take it now (not available, already offered one).</summary>
    [Alias("Offer")] Task<bool> OfferAsync(CallOffer offer);

    /// <summary>The queue withdraws an offer (expired, or the caller hung up).</summary>
    [Alias("Withdraw")] Task WithdrawAsync(string callId);

    [Alias("Accept")] Task<CallContext> AcceptAsync(string callId);
    [Alias("Decline")] Task DeclineAsync(string callId);

    /// <summary>Says something to the caller of the agent's call (chat calls).</summary>
    [Alias("Say")] Task SayAsync(string text);

    /// <summary>Live suggestions for the agent's call, from its transcript so far.</summary>
    [Alias("Suggestions")] Task<string[]> SuggestionsAsync();

    /// <summary>Gives the call back to the AI agent; the agent goes to wrap-up.</summary>
    [Alias("HandBack")] Task HandBackAsync();

    /// <summary>Ends the call with a disposition; the agent goes to wrap-up.</summary>
    [Alias("Close")] Task CloseAsync(Disposition disposition, string? note);

    /// <summary>The agent's desktop went away: a call in progress goes back to the front of the queue.</summary>
    [Alias("Disconnected")] Task DisconnectedAsync();

    /// <summary>A supervisor (signed in as an agent) takes any call at once, from the queue or from the AI.</summary>
    [Alias("TakeOver")] Task<CallContext> TakeOverAsync(string callId);
}

/// <summary>
/// The waiting calls and the agents ready for them (one per tenant, "default"): orders calls by priority, offers each
/// to the longest-idle matching agent, and re-offers one that is not accepted in time.
/// </summary>
[Alias("IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    [Alias("Enqueue")] Task EnqueueAsync(WaitingCall call);
    [Alias("Remove")] Task RemoveAsync(string callId);
    [Alias("AgentReady")] Task AgentReadyAsync(ReadyAgent agent);
    [Alias("AgentGone")] Task AgentGoneAsync(string agentId);

    /// <summary>True when the call was still offered to this agent: it is theirs now.</summary>
    [Alias("Accepted")] Task<bool> AcceptedAsync(string callId, string agentId);
    [Alias("Declined")] Task DeclinedAsync(string callId, string agentId);
    [Alias("Get")] Task<QueueSnapshot> GetAsync();
}

public static class QueueKeys
{
    public const string Default = "default";
}
