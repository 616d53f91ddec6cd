using System.Diagnostics;
using System.Globalization;
using CallCenter.Admission;
using CallCenter.Gateway.Admission;
using CallCenter.Gateway.Agents;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Exports;
using CallCenter.Gateway.Holds;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Live;
using CallCenter.Gateway.Media.Agent;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Gateway.Media.Twilio;
using CallCenter.Gateway.Pages;
using CallCenter.Gateway.Security;
using CallCenter.Gateway.Softphone;
using CallCenter.Gateway.Supervision;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Gateway.Voice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallCenter.Gateway.Hosting;

/// <summary>
/// Adds the Gateway to a web app. It needs only an <see cref="IGrainFactory"/>, so the same endpoints run inside a
/// silo (the default, one process) or in a separate Orleans client process in front of the silos. Every endpoint names
/// its access surface (<see cref="AccessPolicy"/> decides who may use it) and runs under the limits of "Limits".
/// </summary>
public static class GatewayExtensions
{
    public const string EngineTimeHeader = "X-Engine-Time-Us";

    public static IServiceCollection AddCallCenterGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdmissionOptions>(configuration.GetSection(AdmissionOptions.Section));
        services.AddCallCenterSecurity(configuration);
        // ASP.NET Core's per-request lines carry whole URLs: a WebSocket's ?access_token= and whatever a client wrongly puts
        // in a query string. Kept out of every log, whatever level is configured (a provider's own rule can bring them back).
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.AddCallCenterLimits(configuration);
        services.AddSingleton<CallerTokens>();
        services.AddSingleton<CallAdmission>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<CallHolds>();
        services.AddHostedService(sp => sp.GetRequiredService<CallHolds>());
        services.AddSingleton<AgentDesk>();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<LiveCallEvents>();
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<AgentDeskOptions>(configuration.GetSection(AgentDeskOptions.Section));
        services.Configure<ExportApiOptions>(configuration.GetSection(ExportApiOptions.Section));
        services.Configure<VoiceOptions>(configuration.GetSection(VoiceOptions.Section));
        services.Configure<TurnTakingOptions>(configuration.GetSection(TurnTakingOptions.Section));
        services.Configure<AudioSocketOptions>(configuration.GetSection(AudioSocketOptions.Section));
        services.AddSingleton<VoiceMetrics>();
        services.AddSingleton<VoiceSessionFactory>();
        services.AddSingleton<AudioSocketListener>();
        services.AddHostedService(sp => sp.GetRequiredService<AudioSocketListener>());
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        return services;
    }

    public static WebApplication MapCallCenterGateway(this WebApplication app)
    {
        // WebSockets first: the security steps tell a WebSocket upgrade from a plain request (Twilio signs it as wss://).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseCallCenterSecurity();
        app.Use(ReportEngineTime);
        app.MapSignIn();
        app.MapChatApi();
        app.MapChatWebSocket();
        app.MapAgentApi();
        app.MapSupervisorApi();
        app.MapDeskPages();
        app.MapExportApi();
        app.MapMediaEndpoints();
        return app;
    }

    /// <summary>The voice media WebSockets (the AudioSocket TCP listener is a hosted service of its own).</summary>
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTwilioMediaStream();
        app.MapPcmMediaStream();
        app.MapAgentAudio();
        app.MapSoftphone();
        return app;
    }

    /// <summary>Tells API clients how long the engine spent on their request, HTTP in to reply out (load generators read it).</summary>
    private static Task ReportEngineTime(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return next();
        }

        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[EngineTimeHeader] = ((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next();
    }
}
