using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Storage;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace CallCenter.Supervision;

/// <summary>
/// Folds every call event into the floor's figures. Subscribes to the call events stream when activated (a silo start
/// task activates it) and stays active; the waiting calls come from the queue when asked. The figures are saved every
/// few seconds when they changed (not per event: at peak hundreds of events a second reach this one grain), so a
/// wallboard whose silo died comes back with them, short of the last seconds' events.
/// </summary>
public sealed class WallboardGrain(
    [PersistentState("wallboard", StorageNames.Calls)] IPersistentState<FloorFigures> figures,
    IOptions<AgentOptions> options) : Grain, IWallboardGrain
{
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(5);
    private FloorStatistics _floor = null!;
    private bool _changed;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _floor = new FloorStatistics(options.Value.ServiceLevelSeconds, figures.State);
        var stream = this.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls);
        var handles = await stream.GetAllSubscriptionHandles();
        foreach (var handle in handles)
        {
            await handle.ResumeAsync(OnEventAsync);
        }

        if (handles.Count == 0)
        {
            await stream.SubscribeAsync(OnEventAsync);
        }

        // Stay active: the stream subscription is what folds the events in.
        this.RegisterGrainTimer(SaveAsync, new GrainTimerCreationOptions(SaveEvery, SaveEvery) { KeepAlive = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => SaveAsync();

    public async Task<Wallboard> GetAsync()
    {
        var queue = await GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Default).GetAsync();
        return _floor.Snapshot(queue.Waiting);
    }

    private async Task SaveAsync()
    {
        if (!_changed)
        {
            return;
        }

        _changed = false;
        try
        {
            await figures.WriteStateAsync();
        }
        catch
        {
            _changed = true; // the next tick tries again
            throw;
        }
    }

    private async Task OnEventAsync(CallEvent e, StreamSequenceToken? token)
    {
        _changed = true;
        if (_floor.Apply(e) && e.AgentId is { } agentId)
        {
            var agent = await GrainFactory.GetGrain<IAgentGrain>(agentId).GetAsync();
            _floor.NameAgent(agentId, agent.Name);
        }
    }
}
