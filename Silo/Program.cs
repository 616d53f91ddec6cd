using CallCenter.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCallCenterSilo();

var app = builder.Build();
app.MapCallCenter();
app.Run();
