using CallCenter.Calls;
using CallCenter.Clustering;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.Security;
using CallCenter.Privacy;

namespace CallCenter.Gateway.Host.Hosting;

public static class GatewayHostExtensions
{
    /// <summary>
    /// The Gateway as its own process: an Orleans client of the cluster (clustered as the "Orleans" section says) serving
    /// the chat, agent, supervisor and media endpoints, healthy while it is connected to a silo, with /metrics (the
    /// Gateway's own counters: admission refusals, voice, limits). It retries until a silo answers, so it may start
    /// before the silos. Its grain calls time out after Orleans:Messaging:ResponseTimeout and it
    /// re-reads the silos' gateways every Orleans:Gateway:GatewayListRefreshPeriod (appsettings.json: 10 s and 5 s, for
    /// callers rather than Orleans' 30 s and 1 minute; README, "The Gateway process").
    /// </summary>
    public static WebApplicationBuilder AddCallCenterGatewayHost(this WebApplicationBuilder builder)
    {
        var connection = new ClusterConnection();
        builder.Logging.AddPersonalDataRedaction();
        builder.UseOrleansClient(client => client
            .UseCallCenterClustering(builder.Configuration.GetClusteringOptions<ClusteringOptions>())
            .UseConnectionRetryFilter(async (_, cancellationToken) => { await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); return true; })
            .AddClusterConnectionStatusObserver(connection)
            .AddMemoryStreams(CallEventStreams.Provider));
        builder.Services.AddCallCenterGateway(builder.Configuration);
        builder.Services.RequireSharedSigningKey("for the Gateway process (it serves beside the silos)");
        builder.Services.AddHealthChecks().AddCheck("cluster", connection);
        builder.Services.AddCallCenterMetrics();
        return builder;
    }

    public static WebApplication MapCallCenterGatewayHost(this WebApplication app)
    {
        app.MapCallCenterGateway();
        app.MapCallCenterHealth();
        app.MapCallCenterMetrics();
        return app;
    }
}
