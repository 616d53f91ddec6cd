using CallCenter.Gateway.Host.Hosting;

// The Gateway in front of the silos, as its own process: an Orleans client of the cluster.
var builder = WebApplication.CreateBuilder(args);
builder.AddCallCenterGatewayHost();

var app = builder.Build();
app.MapCallCenterGatewayHost();
app.Run();
