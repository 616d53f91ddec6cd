using CallCenter.Clustering;

namespace CallCenter.Silo.Hosting;

/// <summary>Configuration section "Orleans" as a silo reads it: the cluster (<see cref="ClusteringOptions"/>) and the dashboard.</summary>
public sealed class SiloOptions : ClusteringOptions
{
    /// <summary>Serve the Orleans dashboard at /dashboard. It exposes grain state and has no authentication of its own: admins only (Surface.Dashboard).</summary>
    public bool Dashboard { get; set; } = true;
}
