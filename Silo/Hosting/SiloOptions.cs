using CallCenter.Clustering;

namespace CallCenter.Silo.Hosting;

/// <summary>
/// Configuration section "Orleans" as a silo reads it: the cluster (<see cref="ClusteringOptions"/>), the dashboard, and
/// Orleans' Kubernetes hosting.
/// </summary>
public sealed class SiloOptions : ClusteringOptions
{
    /// <summary>Serve the Orleans dashboard at /dashboard. It exposes grain state and has no authentication of its own: admins only (Surface.Dashboard).</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// In a Kubernetes pod: Orleans' Kubernetes hosting (the silo named after its pod, the pod IP advertised, and an agent
    /// that declares a deleted pod's silo dead at once and deletes the pods of silos declared dead). Needs the pod's
    /// POD_NAME, POD_NAMESPACE, POD_IP and RBAC on pods (deploy/kubernetes); the silo refuses to start without them.
    /// </summary>
    public bool KubernetesHosting { get; set; }
}
