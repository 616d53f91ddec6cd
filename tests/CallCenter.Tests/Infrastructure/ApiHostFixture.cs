using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Gateway.Chat;
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
/// extension methods as Program.cs. Shared per collection. Secured as a real one: <see cref="Http"/> is the operator's
/// client (an admin and supervisor API key), <see cref="Anonymous"/> has no credentials, <see cref="Identities"/> hands
/// out agents and supervisors of its own to each test, and <see cref="Twilio"/> plays Twilio with the host's auth token.
/// </summary>
public class ApiHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DatabasePath { get; } = TestPaths.NewDatabase("api");

    public DemoClock Clock { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where the Asterisk AudioSocket listener of this host listens (loopback).</summary>
    public int AudioSocketPort { get; } = TestPaths.FreePort();

    /// <summary>The operator's client: an API key with the roles admin and supervisor.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client without credentials: what anyone on the network has.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Agents and supervisors configured in this host, a fresh one per ask.</summary>
    public TestIdentities Identities { get; } = new(agents: 40, supervisors: 10);

    /// <summary>Twilio, calling this host's voice webhook and opening its media streams with the right signatures.</summary>
    public TwilioCarrier Twilio => new(BaseAddress, TestCredentials.TwilioAuthToken);

    public IServiceProvider Services => _app!.Services;

    /// <summary>The host's logging: warnings and worse, to the console, unless a derived fixture wants more.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);

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
        builder.Configuration.AddInMemoryCollection(TestCredentials.HostSettings());
        builder.Configuration.AddInMemoryCollection(Identities.Settings);
        builder.Configuration.AddInMemoryCollection(await ExtraSettingsAsync());
        ConfigureLogging(builder.Logging);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        ConfigureHost(builder);
        builder.AddCallCenterSilo();
        _app = builder.Build();
        _app.MapCallCenter();
        await _app.StartAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = ClientWith(TestCredentials.AdminKey);
        Anonymous = ClientWith(null);
    }

    /// <summary>A client of this host with <paramref name="credential"/> (an API key or a token) as its bearer credential.</summary>
    public HttpClient ClientWith(string? credential)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (credential is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return http;
    }

    /// <summary>A fresh agent (or supervisor) of this host, with a client of the agent API acting as them.</summary>
    public Agents.AgentDeskClient NewAgent(string role = Gateway.Security.Roles.Agent)
    {
        var identity = Identities.Next(role);
        return new Agents.AgentDeskClient(ClientWith(identity.ApiKey), identity.AgentId, identity);
    }

    /// <summary>The URL of a /media/pcm connection at <paramref name="rate"/>, with a fresh ticket from the operator's client.</summary>
    public Task<Uri> PcmUrlAsync(int rate) => PcmUrlAsync(Http, rate);

    /// <summary>A /media/pcm address with a fresh single-use ticket, asked for by <paramref name="http"/>'s credentials.</summary>
    public static async Task<Uri> PcmUrlAsync(HttpClient http, int rate)
    {
        using var response = await http.PostAsync("api/media/pcm-token", null);
        response.EnsureSuccessStatusCode();
        var ticket = (await response.Content.ReadFromJsonAsync<PcmTicketResponse>(ApiJson.Options))!;
        return new Uri($"ws://{http.BaseAddress!.Authority}/media/pcm?rate={rate}&access_token={Uri.EscapeDataString(ticket.Token)}");
    }

    /// <summary>A /media/pcm connection at <paramref name="rate"/>, opened with a fresh ticket.</summary>
    public async Task<ClientWebSocket> ConnectPcmAsync(int rate)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(await PcmUrlAsync(rate), CancellationToken.None);
        return socket;
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
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
