using CallCenter.Gateway.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCenter.Gateway.Hosting;

public static class HealthEndpoints
{
    /// <summary>
    /// /healthz, for load balancers and readiness probes: every health check the process registered (a silo: active and
    /// not draining; the Gateway process: connected to the cluster), answered with the status and, for people, what each
    /// check says ("Unhealthy: Silo … is draining: …"). /livez, for liveness probes: 200 whenever the process answers, so
    /// a silo that drains or joins is not restarted for it. Both are public unless Security:HealthRoles restricts them.
    /// </summary>
    public static WebApplication MapCallCenterHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync }).RequireAccess(Surface.Health);
        app.MapHealthChecks("/livez", new HealthCheckOptions { Predicate = _ => false }).RequireAccess(Surface.Health);
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var details = string.Join(" ", report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d)));
        return context.Response.WriteAsync(details.Length == 0 ? report.Status.ToString() : $"{report.Status}: {details}");
    }
}
