using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Limits;

public static class LimitsExtensions
{
    /// <summary>The rate, connection and size limits of the "Limits" section (<see cref="LimitOptions"/>).</summary>
    public static IServiceCollection AddCallCenterLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection(LimitOptions.Section)).Validate(
            o => o.SourceBurst > 0 && o.CallerBurst > 0 && o.PrincipalBurst > 0 && o.MaxRequestBodyBytes > 0 && o.MaxChatMessageBytes > 0
                && o.MaxTwilioMessageBytes > 0 && o.MaxAudioFrameMilliseconds >= 20 && o.RetryAfterSeconds > 0,
            "Limits: the bursts, sizes and Retry-After must be positive, and MaxAudioFrameMilliseconds at least 20.").ValidateOnStart();
        services.AddSingleton<RateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((options, limits) =>
        {
            options.GlobalLimiter = limits.ForRequests();
            options.OnRejected = limits.OnRejectedAsync;
        });
        // No request body anywhere is larger than the API's own limit (the dashboard's included).
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>Puts the endpoint under <paramref name="limits"/> besides the request rates every request counts toward.</summary>
    public static TBuilder WithLimits<TBuilder>(this TBuilder builder, params Limit[] limits) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LimitMetadata(limits));
}
