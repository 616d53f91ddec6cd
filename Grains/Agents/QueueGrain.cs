using CallCenter.Calls;
using CallCenter.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CallCenter.Agents;

/// <summary>
/// The tenant's queue of calls waiting for a person. Reentrant: offering a call awaits an agent grain that may itself
/// be reporting to the queue, so every step re-reads the state after an await instead of holding it across one.
/// </summary>
[Reentrant]
public sealed class QueueGrain(
    [PersistentState("queue", StorageNames.Calls)] IPersistentState<QueueState> queue,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private readonly Dictionary<string, ReadyAgent> _ready = [];
    private readonly Dictionary<string, (string AgentId, DateTimeOffset Expires)> _offers = [];
    // An agent who declined a call or let its offer expire is not offered it again until the pass runs out (one offer
    // time): others get it first, and a caller nobody else can take is not left waiting forever.
    private readonly Dictionary<(string CallId, string AgentId), DateTimeOffset> _passed = [];
    private bool _dispatching;
    private bool _again;

    private List<WaitingCall> Waiting => queue.State.Waiting;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ExpireOffersAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500)) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(WaitingCall call)
    {
        Waiting.RemoveAll(c => c.CallId == call.CallId);
        Waiting.Add(call);
        await queue.WriteStateAsync();
        Dispatch();
    }

    public async Task RemoveAsync(string callId)
    {
        if (Waiting.RemoveAll(c => c.CallId == callId) > 0)
        {
            await queue.WriteStateAsync();
        }

        if (_offers.Remove(callId, out var offer))
        {
            await GrainFactory.GetGrain<IAgentGrain>(offer.AgentId).WithdrawAsync(callId);
        }
    }

    public Task AgentReadyAsync(ReadyAgent agent)
    {
        _ready[agent.AgentId] = agent;
        Dispatch();
        return Task.CompletedTask;
    }

    public async Task AgentGoneAsync(string agentId)
    {
        _ready.Remove(agentId);
        foreach (var (callId, offer) in _offers.Where(o => o.Value.AgentId == agentId).ToList())
        {
            _offers.Remove(callId);
            await PublishAsync(callId, CallEventKind.OfferWithdrawn, agentId);
        }

        Dispatch();
    }

    public async Task<bool> AcceptedAsync(string callId, string agentId)
    {
        if (!_offers.TryGetValue(callId, out var offer) || offer.AgentId != agentId)
        {
            return false;
        }

        _offers.Remove(callId);
        _ready.Remove(agentId);
        Waiting.RemoveAll(c => c.CallId == callId);
        await queue.WriteStateAsync();
        return true;
    }

    public Task DeclinedAsync(string callId, string agentId)
    {
        if (_offers.TryGetValue(callId, out var offer) && offer.AgentId == agentId)
        {
            _offers.Remove(callId);
            Pass(callId, agentId);
        }

        Dispatch();
        return Task.CompletedTask;
    }

    public Task<QueueSnapshot> GetAsync() => Task.FromResult(new QueueSnapshot(
        [.. RoutingPolicy.Order(Waiting, options.Value.AngryAt)], [.. _ready.Values.OrderBy(a => a.IdleSince)],
        _offers.ToDictionary(o => o.Key, o => o.Value.AgentId)));

    /// <summary>Starts offering calls after the current request; a request never waits for agents it did not call.</summary>
    private void Dispatch()
    {
        if (_dispatching)
        {
            _again = true;
            return;
        }

        _dispatching = true;
        _ = DispatchLoopAsync();
    }

    private async Task DispatchLoopAsync()
    {
        try
        {
            do
            {
                _again = false;
                var free = _ready.Values.Where(a => !_offers.Values.Any(o => o.AgentId == a.AgentId));
                var open = Waiting.Where(c => !_offers.ContainsKey(c.CallId));
                var now = time.GetUtcNow();
                var passed = _passed.Where(p => p.Value > now).Select(p => p.Key).ToHashSet();
                foreach (var (call, agent) in RoutingPolicy.Assign(open, free, passed, options.Value.AngryAt))
                {
                    await OfferAsync(call, agent);
                }
            }
            while (_again);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Offering waiting calls failed; the next change or timer tick tries again.");
        }
        finally
        {
            _dispatching = false;
        }
    }

    private async Task OfferAsync(WaitingCall call, ReadyAgent agent)
    {
        var expires = time.GetUtcNow().AddSeconds(options.Value.OfferTimeoutSeconds);
        _offers[call.CallId] = (agent.AgentId, expires);
        CallContext context;
        try
        {
            context = await GrainFactory.GetGrain<ICallGrain>(call.CallId).GetContextAsync();
        }
        catch (CallNotFoundException)
        {
            _offers.Remove(call.CallId);
            Waiting.RemoveAll(c => c.CallId == call.CallId);
            return;
        }

        if (!await GrainFactory.GetGrain<IAgentGrain>(agent.AgentId).OfferAsync(new CallOffer(context, call.WaitingSince, expires)))
        {
            // The agent became busy or went away meanwhile.
            _offers.Remove(call.CallId);
            _ready.Remove(agent.AgentId);
            return;
        }

        await PublishAsync(call.CallId, CallEventKind.Offered, agent.AgentId);
    }

    private async Task ExpireOffersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (callId, offer) in _offers.Where(o => o.Value.Expires <= now).ToList())
        {
            _offers.Remove(callId);
            Pass(callId, offer.AgentId);
            logger.LogInformation("Call {CallId}: agent {AgentId} did not accept in time; offering it to the next agent.", callId, offer.AgentId);
            await GrainFactory.GetGrain<IAgentGrain>(offer.AgentId).WithdrawAsync(callId);
            await PublishAsync(callId, CallEventKind.OfferWithdrawn, offer.AgentId);
        }

        foreach (var pass in _passed.Where(p => p.Value <= now).Select(p => p.Key).ToList())
        {
            _passed.Remove(pass);
        }

        if (Waiting.Count > 0 && _ready.Count > 0)
        {
            Dispatch();
        }
    }

    private void Pass(string callId, string agentId) =>
        _passed[(callId, agentId)] = time.GetUtcNow().AddSeconds(Math.Max(1, options.Value.OfferTimeoutSeconds));

    private Task PublishAsync(string callId, CallEventKind kind, string agentId)
    {
        var call = Waiting.FirstOrDefault(c => c.CallId == callId);
        return this.PublishCallEventAsync(new CallEvent(
            callId, kind, time.GetUtcNow(), call?.Channel ?? CallChannel.Chat, CallStatus.WaitingForAgent, null, null, null, call?.Urgent ?? false, agentId));
    }
}
