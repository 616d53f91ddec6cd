using System.Diagnostics;
using System.Globalization;
using CallCenter.Gateway.Chat;

namespace CallCenter.Gateway.Hosting;

/// <summary>
/// Adds the Gateway to a web app. It needs only an <see cref="IGrainFactory"/>, so the same endpoints run inside a
/// silo (the default, one process) or in a separate Orleans client process in front of the silos.
/// </summary>
public static class GatewayExtensions
{
    public const string EngineTimeHeader = "X-Engine-Time-Us";

    public static IServiceCollection AddCallCenterGateway(this IServiceCollection services)
    {
        services.AddSingleton<ChatService>();
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        return services;
    }

    public static WebApplication MapCallCenterGateway(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(ReportEngineTime);
        app.MapChatApi();
        app.MapChatWebSocket();
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
