using System.Net;
using CallCenter.Gateway.Media.Twilio;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Authentication (sign-in cookie, API keys and signed tokens, Twilio signatures) and the authorization of every
    /// <see cref="Surface"/> by <see cref="AccessPolicy"/>, from the "Security" and "Twilio" sections.
    /// </summary>
    public static IServiceCollection AddCallCenterSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.Configure<TwilioOptions>(configuration.GetSection(TwilioOptions.Section));
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<SignedTokens>();
        services.AddSingleton<StaffDirectory>();
        services.AddHostedService<SecurityStartupCheck>();
        // Nothing here uses ASP.NET Core's own key ring (the cookie is protected with the signing key), but authentication
        // registers it and it makes a key at start-up: kept in memory, never written to the home directory.
        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(keys =>
        {
            keys.XmlRepository = new InMemoryKeyRing();
            keys.XmlEncryptor = new NullXmlEncryptor();
        });

        services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, null, options =>
                options.ForwardDefaultSelector = http => BearerHandler.Carries(http.Request) ? AuthenticationSchemes.Bearer : AuthenticationSchemes.Cookie)
            .AddCookie(AuthenticationSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(AuthenticationSchemes.Bearer, null)
            .AddScheme<AuthenticationSchemeOptions, TwilioHandler>(AuthenticationSchemes.Twilio, null);
        services.AddOptions<CookieAuthenticationOptions>(AuthenticationSchemes.Cookie)
            .Configure<SigningKeys, IOptions<SecurityOptions>, StaffDirectory, TimeProvider>(ConfigureCookie);

        services.AddAuthorization(options =>
        {
            foreach (var surface in Enum.GetValues<Surface>())
            {
                options.AddPolicy(PolicyName(surface), policy =>
                {
                    if (surface is Surface.TwilioWebhook or Surface.TwilioStream)
                    {
                        policy.AddAuthenticationSchemes(AuthenticationSchemes.Twilio);
                    }

                    policy.AddRequirements(new AccessRequirement(surface));
                });
            }

            // An endpoint that names no surface is for admins only: forgetting to name one never opens anything.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireRole(Roles.Admin).Build();
        });
        services.AddSingleton<IAuthorizationHandler, AccessPolicy>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        return services;
    }

    /// <summary>
    /// For a process that is one of several serving the Gateway (a cluster): without a shared Security:SigningKey each
    /// would refuse the caller tokens, tickets and sign-ins the others issue, so the start stops and says so.
    /// </summary>
    public static IServiceCollection RequireSharedSigningKey(this IServiceCollection services, string why)
    {
        services.AddOptions<SecurityOptions>().Validate(
            o => !string.IsNullOrEmpty(o.SigningKey),
            $"Security:SigningKey is required {why}: every process must accept the caller tokens, media tickets and sign-ins the others issue. Give them all the same one (make it with `CallCenter.Silo new-signing-key`).");
        return services;
    }

    /// <summary>
    /// The request pipeline's security, in order: the client's address and scheme from trusted proxies, who the request is
    /// from, the limits (which count per caller, key and source), then whether they may.
    /// </summary>
    public static WebApplication UseCallCenterSecurity(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (NetworkList.Parse(settings.TrustedProxies, out _) is { Count: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in proxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Names the endpoint's <see cref="Surface"/>: <see cref="AccessPolicy"/> decides who may use it.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Surface surface) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new SurfaceMetadata(surface));
        return surface == Surface.Public ? builder.AllowAnonymous() : builder.RequireAuthorization(PolicyName(surface));
    }

    public static string PolicyName(Surface surface) => "surface:" + surface;

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, SigningKeys keys, IOptions<SecurityOptions> security, StaffDirectory directory, TimeProvider time)
    {
        cookie.Cookie.Name = "callcenter.session";
        cookie.Cookie.HttpOnly = true;
        // Strict: no other site's page can make the browser send it (no cross-site request forgery, no WebSocket hijacking).
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(security.Value.SessionMinutes);
        cookie.SlidingExpiration = true;
        cookie.TimeProvider = time;
        cookie.DataProtectionProvider = new SigningKeyProtector(keys, "sign-in");
        cookie.Events.OnValidatePrincipal = context =>
        {
            var user = context.Principal?.Identity?.Name;
            var current = user is null ? null : directory.Current(user, context.Principal!.FindFirst(StaffDirectory.StampClaim)?.Value, AuthenticationSchemes.Cookie, "password");
            if (current is null || !SameOrigin(context.Request))
            {
                context.RejectPrincipal();
            }
            else
            {
                context.ReplacePrincipal(current);
            }

            return Task.CompletedTask;
        };
        // The authorization answers are AccessResultHandler's; nothing redirects.
        cookie.Events.OnRedirectToLogin = context => AccessAnswers.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first.");
        cookie.Events.OnRedirectToAccessDenied = context => AccessAnswers.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden.");
    }

    /// <summary>
    /// A cookie-authenticated request that changes something (or opens a WebSocket) must come from this site's own pages:
    /// when the browser says where it comes from (Origin), it must be this host.
    /// </summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) && !request.HttpContext.WebSockets.IsWebSocketRequest || HttpMethods.IsHead(request.Method))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>ASP.NET Core's data-protection keys, held only by this process (nothing of this engine uses them).</summary>
    private sealed class InMemoryKeyRing : IXmlRepository
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<System.Xml.Linq.XElement> _keys = new();

        public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements() => [.. _keys];

        public void StoreElement(System.Xml.Linq.XElement element, string friendlyName) => _keys.Enqueue(element);
    }

    /// <summary>Says at start-up what is not set up, and makes a bad signing key stop the start rather than the first request.</summary>
    private sealed class SecurityStartupCheck(SigningKeys keys, IOptions<SecurityOptions> security, IOptions<TwilioOptions> twilio, ILogger<SecurityStartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = keys.Ephemeral;
            if (security.Value.Users.Count == 0 && security.Value.ApiKeys.Count == 0)
            {
                logger.LogWarning("No users or API keys are configured (Security:Users, Security:ApiKeys): nobody can sign in to the agent desk, the wallboard or the dashboard. See README, Security.");
            }

            if (string.IsNullOrEmpty(twilio.Value.AuthToken))
            {
                logger.LogInformation("Twilio:AuthToken is not set: Twilio's voice webhook and media streams are refused.");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
