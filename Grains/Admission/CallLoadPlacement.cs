using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace CallCenter.Admission;

/// <summary>
/// Places a call grain on the silo with the most room for calls, by the load table's figures (see
/// <see cref="CallPlacementPolicy"/>): a silo that just joined, with no calls, gets new calls until it has its share.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("CallLoadPlacement")]
public sealed class CallLoadPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CallLoadPlacementAttribute() : PlacementAttribute(new CallLoadPlacement());

/// <summary>
/// The director of <see cref="CallLoadPlacement"/>. A placement hint (a migration to a chosen silo) is honored; otherwise
/// the silo's <see cref="ClusterLoadView"/> picks.
/// </summary>
internal sealed class CallLoadPlacementDirector(ClusterLoadView view) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 0)
        {
            throw new SiloUnavailableException($"No compatible silo is available for {target.GrainIdentity}.");
        }

        return Task.FromResult(IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) ?? view.Place(compatible));
    }
}
