using CallCenter.Clustering;
using CallCenter.Gateway.Security;
using CallCenter.Silo.Hosting;

// `CallCenter.Silo migrate [--Orleans:ConnectionString=…]`: applies deploy/postgres to the database once, then exits.
if (args is ["migrate", .. var settings])
{
    return await PostgresMigrations.RunCommandAsync(WebApplication.CreateBuilder(settings).Configuration, Console.Out);
}

// `CallCenter.Silo hash-password [user]` | `new-api-key NAME ROLES` | `new-signing-key`: credentials for configuration.
if (SecurityCommands.Handles(args))
{
    return SecurityCommands.Run(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCallCenterSilo();

var app = builder.Build();
app.MapCallCenter();
app.Run();
return 0;
