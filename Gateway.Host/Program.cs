using CallCenter.Calls;
using CallCenter.Clustering;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.Security;
using CallCenter.Privacy;

// The Gateway in front of the silos: an Orleans client (clustered as the "Orleans" section says) serving the chat,
// agent, supervisor and media endpoints. It retries until a silo answers, so it may start before the silos.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddPersonalDataRedaction();
builder.UseOrleansClient(client => client
    .UseCallCenterClustering(builder.Configuration.GetClusteringOptions<ClusteringOptions>())
    .UseConnectionRetryFilter(async (_, cancellationToken) => { await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); return true; })
    .AddMemoryStreams(CallEventStreams.Provider));
builder.Services.AddCallCenterGateway(builder.Configuration);
builder.Services.RequireSharedSigningKey("for the Gateway process (it serves beside the silos)");
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapCallCenterGateway();
app.MapHealthChecks("/healthz").RequireAccess(Surface.Health);
app.Run();
