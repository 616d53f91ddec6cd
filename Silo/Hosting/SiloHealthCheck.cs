using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CallCenter.Silo.Hosting;

/// <summary>/healthz: healthy once this silo is active in the cluster (not while joining or shutting down).</summary>
public sealed class SiloHealthCheck(ISiloStatusOracle silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloName} is active.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloName} is {silo.CurrentStatus}."));
}
