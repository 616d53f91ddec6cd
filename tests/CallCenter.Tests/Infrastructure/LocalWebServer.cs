using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A Kestrel app on 127.0.0.1 with a free port and no logging: a remote service (a CRM, a speech API) on a real
/// socket, so adapters are tested through their real HTTP stack.
/// </summary>
internal static class LocalWebServer
{
    public static WebApplication Create(Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
