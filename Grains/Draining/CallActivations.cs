using System.Collections.Concurrent;
using Orleans.Runtime;

namespace CallCenter.Draining;

/// <summary>
/// The activations on this silo of grains that move on drain (<see cref="IMovesOnDrain"/>), as Orleans' activation
/// working set reports them: added when an activation has activated, removed once it has deactivated. A moving grain
/// stays listed until its move is complete: the requests it queued meanwhile are forwarded to its new silo only then,
/// and the silo must not stop before (they would be lost). An activation that goes idle stays listed too (the working
/// set forgets idle ones; a quiet call is still a call).
/// </summary>
public sealed class CallActivations : IActivationWorkingSetObserver
{
    private readonly ConcurrentDictionary<GrainId, IGrainContext> _activations = new();

    /// <summary>The activations here that serve a call in progress (<see cref="IMovesOnDrain.ServesCall"/>).</summary>
    public IReadOnlyCollection<IGrainContext> Snapshot() =>
        [.. _activations.Values.Where(a => a.GrainInstance is IMovesOnDrain { ServesCall: true })];

    void IActivationWorkingSetObserver.OnAdded(IActivationWorkingSetMember member) => Track(member);

    void IActivationWorkingSetObserver.OnActive(IActivationWorkingSetMember member) => Track(member);

    void IActivationWorkingSetObserver.OnDeactivated(IActivationWorkingSetMember member) => Forget(member);

    private void Track(IActivationWorkingSetMember member)
    {
        if (member is IGrainContext { GrainInstance: IMovesOnDrain } context)
        {
            _activations[context.GrainId] = context;
        }
    }

    private void Forget(IActivationWorkingSetMember member)
    {
        if (member is IGrainContext context)
        {
            _activations.TryRemove(new KeyValuePair<GrainId, IGrainContext>(context.GrainId, context));
        }
    }
}
