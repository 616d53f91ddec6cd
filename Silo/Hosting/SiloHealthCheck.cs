using CallCenter.Draining;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CallCenter.Silo.Hosting;

/// <summary>
/// /healthz: healthy once this silo is active in the cluster and takes calls; unhealthy while it joins, while it drains
/// (told to stop, it takes no new calls and moves its calls away: load balancers and readiness probes stop routing to
/// it) and while it stops.
/// </summary>
public sealed class SiloHealthCheck(ISiloStatusOracle silo, SiloDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            drain.Draining ? HealthCheckResult.Unhealthy($"Silo {silo.SiloName} is draining: it takes no new calls and is moving its calls to other silos.")
            : silo.CurrentStatus == SiloStatus.Active ? HealthCheckResult.Healthy($"Silo {silo.SiloName} is active.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloName} is {silo.CurrentStatus}."));
}
