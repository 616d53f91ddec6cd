using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CallCenter.Gateway.Hosting;

public static class HealthEndpoints
{
    /// <summary>
    /// /healthz, for load balancers and readiness probes: every health check the process registered (a silo: active and
    /// not draining; the Gateway process: connected to the cluster). /livez, for liveness probes: 200 whenever the process
    /// answers, so a silo that drains or joins is not restarted for it.
    /// </summary>
    public static WebApplication MapCallCenterHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/livez", new HealthCheckOptions { Predicate = _ => false });
        return app;
    }
}
