using CallCenter.Clustering;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.Security;
using CallCenter.Hosting;
using CallCenter.Privacy;
using Orleans.Dashboard;

namespace CallCenter.Silo.Hosting;

public static class CallCenterSiloExtensions
{
    /// <summary>
    /// One process that is a silo (clustered as the "Orleans" section says), the Gateway's endpoints, health, metrics
    /// and the dashboard; its log lines have personal data masked.
    /// </summary>
    public static WebApplicationBuilder AddCallCenterSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetClusteringOptions<SiloOptions>();
        builder.Logging.AddPersonalDataRedaction();
        builder.UseOrleans(silo =>
        {
            silo.UseCallCenterClustering(options);
            silo.AddCallCenterClusterStorage(options);
            silo.AddCallCenterGrains();
            if (options.KubernetesHosting)
            {
                silo.UseKubernetesHosting();
            }

            if (options.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.AddCallCenterGateway(builder.Configuration);
        if (options.Kind != ClusteringKind.Localhost)
        {
            builder.Services.RequireSharedSigningKey($"with Orleans:ClusteringMode={options.Kind}");
        }

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        builder.Services.AddCallCenterMetrics();
        return builder;
    }

    public static WebApplication MapCallCenter(this WebApplication app)
    {
        app.MapCallCenterGateway();
        app.MapCallCenterHealth();
        app.MapCallCenterMetrics();
        if (app.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>()?.Dashboard ?? true)
        {
            // It shows grain state and has no sign-in of its own: admins only.
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAccess(Surface.Dashboard);
        }

        return app;
    }
}
