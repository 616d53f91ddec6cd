using CallCenter.Calls;
using CallCenter.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CallCenter.Agents;

/// <summary>
/// One human agent. Reentrant because the queue offers calls while the agent may be reporting to the queue; each
/// method checks the state it needs after its awaits. The pending offer lives in memory only: an offer is short-lived
/// and the queue re-offers the call if this activation goes away.
/// </summary>
[Reentrant]
public sealed class AgentGrain(
    [PersistentState("agent", StorageNames.Calls)] IPersistentState<AgentGrainState> agent,
    TimeProvider time,
    IOptions<AgentOptions> options) : Grain, IAgentGrain
{
    private CallOffer? _offer;
    private IGrainTimer? _wrapUp;

    private AgentGrainState State => agent.State;

    private string Id => this.GetPrimaryKeyString();

    private IQueueGrain Queue => GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Default);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.State == AgentState.Available)
        {
            // A reactivated agent tells the (possibly also reactivated) queue it is still there.
            await Queue.AgentReadyAsync(Ready());
        }
    }

    public async Task<AgentSnapshot> SignInAsync(AgentProfile profile)
    {
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.Languages.Length == 0)
        {
            throw new ArgumentException("An agent needs a name and at least one language.", nameof(profile));
        }

        State.Profile = profile;
        if (State.State == AgentState.Offline)
        {
            await ChangeAsync(AgentState.Available);
        }
        else
        {
            await agent.WriteStateAsync();
            if (State.State == AgentState.Available) await Queue.AgentReadyAsync(Ready());
        }

        return Snapshot();
    }

    public async Task<AgentSnapshot> SetStateAsync(AgentState state)
    {
        EnsureSignedIn();
        switch (state)
        {
            case AgentState.Available when State.State is AgentState.Offline or AgentState.WrapUp or AgentState.Available:
            case AgentState.Offline when State.State != AgentState.Busy:
                await ChangeAsync(state);
                return Snapshot();
            default:
                throw new InvalidOperationException(State.State == AgentState.Busy
                    ? "The agent is on a call: close it or hand it back first."
                    : $"An agent cannot set themselves to {state}.");
        }
    }

    public Task<AgentSnapshot> GetAsync()
    {
        EnsureSignedIn();
        return Task.FromResult(Snapshot());
    }

    public Task<bool> OfferAsync(CallOffer offer)
    {
        if (State.Profile is null || State.State != AgentState.Available || (_offer is not null && _offer.Context.CallId != offer.Context.CallId))
        {
            return Task.FromResult(false);
        }

        _offer = offer;
        return Task.FromResult(true);
    }

    public Task WithdrawAsync(string callId)
    {
        if (_offer?.Context.CallId == callId)
        {
            _offer = null;
        }

        return Task.CompletedTask;
    }

    public async Task<CallContext> AcceptAsync(string callId)
    {
        EnsureSignedIn();
        if (_offer?.Context.CallId != callId || !await Queue.AcceptedAsync(callId, Id))
        {
            _offer = null;
            throw new InvalidOperationException($"Call '{callId}' is not offered to you (any more): it expired or was taken.");
        }

        _offer = null;
        return await TakeAsync(callId);
    }

    public async Task DeclineAsync(string callId)
    {
        EnsureSignedIn();
        if (_offer?.Context.CallId == callId)
        {
            _offer = null;
            await Queue.DeclinedAsync(callId, Id);
        }
    }

    public Task SayAsync(string text) => Call().AgentSaysAsync(Id, text);

    public async Task<string[]> SuggestionsAsync() => (await Call().GetContextAsync()).SuggestedReplies;

    public async Task HandBackAsync()
    {
        await Call().HandBackToAiAsync(Id);
        await FinishCallAsync();
    }

    public async Task CloseAsync(Disposition disposition, string? note)
    {
        await Call().CloseByAgentAsync(Id, disposition, note);
        await FinishCallAsync();
    }

    public async Task DisconnectedAsync()
    {
        if (State.Profile is null)
        {
            return;
        }

        if (State.State == AgentState.Busy && State.CallId is { } callId)
        {
            await GrainFactory.GetGrain<ICallGrain>(callId).ReturnToQueueAsync(Id);
            State.CallId = null;
        }

        if (_offer is { } offer)
        {
            _offer = null;
            await Queue.DeclinedAsync(offer.Context.CallId, Id);
        }

        await ChangeAsync(AgentState.Offline);
    }

    /// <summary>A supervisor takes a call directly, whatever the queue says (it leaves the queue if it was waiting).</summary>
    public async Task<CallContext> TakeOverAsync(string callId)
    {
        EnsureSignedIn();
        if (State.State == AgentState.Busy)
        {
            throw new InvalidOperationException("Close or hand back your current call first.");
        }

        await Queue.RemoveAsync(callId);
        return await TakeAsync(callId);
    }

    private async Task<CallContext> TakeAsync(string callId)
    {
        var context = await GrainFactory.GetGrain<ICallGrain>(callId).AgentJoinedAsync(Id, State.Profile!.Name);
        State.CallId = callId;
        await ChangeAsync(AgentState.Busy);
        return context;
    }

    private async Task FinishCallAsync()
    {
        State.CallId = null;
        State.CallsHandled++;
        await ChangeAsync(AgentState.WrapUp);
        _wrapUp?.Dispose();
        _wrapUp = this.RegisterGrainTimer(EndWrapUpAsync, new GrainTimerCreationOptions(
            TimeSpan.FromSeconds(Math.Max(0, options.Value.WrapUpSeconds)), Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task EndWrapUpAsync(CancellationToken cancellationToken)
    {
        _wrapUp?.Dispose();
        _wrapUp = null;
        if (State.State == AgentState.WrapUp)
        {
            await ChangeAsync(AgentState.Available);
        }
    }

    private async Task ChangeAsync(AgentState state)
    {
        var before = State.State;
        State.State = state;
        State.StateSince = time.GetUtcNow();
        await agent.WriteStateAsync();
        if (state == AgentState.Available)
        {
            await Queue.AgentReadyAsync(Ready());
        }
        else if (before == AgentState.Available)
        {
            await Queue.AgentGoneAsync(Id);
        }

        await this.PublishCallEventAsync(new CallEvent(
            State.CallId ?? "", CallEventKind.AgentState, time.GetUtcNow(), CallChannel.Chat, CallStatus.Active, state.ToString(), null, null, false, Id));
    }

    private ICallGrain Call()
    {
        EnsureSignedIn();
        return State.CallId is { } callId
            ? GrainFactory.GetGrain<ICallGrain>(callId)
            : throw new InvalidOperationException("The agent is not on a call.");
    }

    private ReadyAgent Ready() => new(Id, State.Profile!.Languages, State.Profile.Domains, State.StateSince);

    private AgentSnapshot Snapshot() => new(
        Id, State.Profile?.Name ?? "", State.State, State.Profile?.Languages ?? [], State.Profile?.Domains ?? [], State.CallId, _offer,
        State.StateSince, State.CallsHandled);

    private void EnsureSignedIn()
    {
        if (State.Profile is null)
        {
            DeactivateOnIdle();
            throw new AgentNotFoundException(Id);
        }
    }
}
