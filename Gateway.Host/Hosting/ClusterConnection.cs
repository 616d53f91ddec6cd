using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Gateway.Host.Hosting;

/// <summary>
/// How many silo gateways this Orleans client is connected to, as Orleans reports it; /healthz is healthy while it is at
/// least one (a load balancer stops sending callers to a Gateway process that has lost the cluster).
/// </summary>
public sealed class ClusterConnection : IClusterConnectionStatusObserver, IHealthCheck
{
    private volatile int _gateways;

    public int Gateways => _gateways;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        _gateways = currentNumberOfGateways;

    public void NotifyClusterConnectionLost() => _gateways = 0;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gateways > 0
            ? HealthCheckResult.Healthy($"Connected to {_gateways} silo gateways.")
            : HealthCheckResult.Unhealthy("Not connected to any silo of the cluster."));
}
