using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// The real CallCenter web host (Kestrel on a free loopback port, a real silo, a temp SQLite file), built by the same
/// extension methods as Program.cs. Shared per collection.
/// </summary>
public class ApiHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DatabasePath { get; } = TestPaths.NewDatabase("api");

    public DemoClock Clock { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the Asterisk AudioSocket listener of this host listens (loopback).</summary>
    public int AudioSocketPort { get; } = TestPaths.FreePort();

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Whatever a derived fixture adds to the host before the silo is added (a logging provider, services).</summary>
    protected virtual void ConfigureHost(WebApplicationBuilder builder)
    {
    }

    /// <summary>Settings a derived fixture adds to (or overrides in) the host's configuration.</summary>
    protected virtual Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    public virtual async Task InitializeAsync()
    {
        var port = TestPaths.FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage:SqlitePath"] = DatabasePath,
            ["Orleans:SiloPort"] = TestPaths.FreePort().ToString(),
            ["Orleans:GatewayPort"] = TestPaths.FreePort().ToString(),
            ["Orleans:ClusterId"] = "api-tests-" + Guid.NewGuid().ToString("N"),
            ["Voice:AudioSocket:Port"] = AudioSocketPort.ToString(),
        });
        builder.Configuration.AddInMemoryCollection(await ExtraSettingsAsync());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        ConfigureHost(builder);
        builder.AddCallCenterSilo();
        _app = builder.Build();
        _app.MapCallCenter();
        await _app.StartAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHostFixture>
{
    public const string Name = "api";
}
