using CallCenter.Agents;
using CallCenter.Calls;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace CallCenter.Supervision;

/// <summary>
/// Folds every call event into the floor's figures. Subscribes to the call events stream when activated (a silo start
/// task activates it) and stays active; the waiting calls come from the queue when asked.
/// </summary>
public sealed class WallboardGrain(IOptions<AgentOptions> options) : Grain, IWallboardGrain
{
    private FloorStatistics _floor = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _floor = new FloorStatistics(options.Value.ServiceLevelSeconds);
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

        // Stay active: a deactivated wallboard would forget the figures folded so far.
        this.RegisterGrainTimer(() => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
    }

    public async Task<Wallboard> GetAsync()
    {
        var queue = await GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Default).GetAsync();
        return _floor.Snapshot(queue.Waiting);
    }

    private async Task OnEventAsync(CallEvent e, StreamSequenceToken? token)
    {
        if (_floor.Apply(e) && e.AgentId is { } agentId)
        {
            var agent = await GrainFactory.GetGrain<IAgentGrain>(agentId).GetAsync();
            _floor.NameAgent(agentId, agent.Name);
        }
    }
}
