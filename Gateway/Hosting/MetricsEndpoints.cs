using CallCenter.Gateway.Security;
using OpenTelemetry.Metrics;

namespace CallCenter.Gateway.Hosting;

public static class MetricsEndpoints
{
    /// <summary>
    /// OpenTelemetry metrics for /metrics: the engine's meter "CallCenter" (a silo's calls and turns; the Gateway's
    /// admission refusals, voice latency and limits, counted wherever the Gateway runs), Orleans' (silo or client),
    /// ASP.NET Core's and Kestrel's.
    /// </summary>
    public static IServiceCollection AddCallCenterMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("CallCenter", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>/metrics in Prometheus' text format, public unless Security:MetricsRoles restricts it.</summary>
    public static WebApplication MapCallCenterMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAccess(Surface.Metrics);
        return app;
    }
}
