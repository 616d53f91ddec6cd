using CallCenter.Clustering;
using CallCenter.Silo.Hosting;

// `CallCenter.Silo migrate [--Orleans:ConnectionString=…]`: applies deploy/postgres to the database once, then exits.
if (args is ["migrate", .. var settings])
{
    return await PostgresMigrations.RunCommandAsync(WebApplication.CreateBuilder(settings).Configuration, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCallCenterSilo();

var app = builder.Build();
app.MapCallCenter();
app.Run();
return 0;
