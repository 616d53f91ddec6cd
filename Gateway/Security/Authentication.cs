using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CallCenter.Gateway.Media.Twilio;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CallCenter.Gateway.Security;

/// <summary>The Gateway's authentication schemes: who a request comes from. What they may do is <see cref="AccessPolicy"/>'s.</summary>
public static class AuthenticationSchemes
{
    /// <summary>Picks the scheme from what the request carries: a bearer credential, else the sign-in cookie.</summary>
    public const string Default = "CallCenter";

    /// <summary>The sign-in cookie of the pages.</summary>
    public const string Cookie = "Cookies";

    /// <summary>An API key or a signed token, in the Authorization header (or a token in ?access_token= on a GET).</summary>
    public const string Bearer = "Bearer";

    /// <summary>Twilio, by its X-Twilio-Signature.</summary>
    public const string Twilio = "Twilio";
}

/// <summary>
/// <c>Authorization: Bearer</c> with an API key (<c>cck_…</c>, from configuration) or a token this engine signed (a
/// caller's, a staff member's, or a /media/pcm ticket). Browsers cannot set headers on a WebSocket or an EventSource,
/// so a GET may carry a signed token as <c>?access_token=</c> instead; never an API key (URLs end up in logs and
/// histories, and a token expires).
/// </summary>
public sealed class BearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, StaffDirectory directory, SignedTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string QueryParameter = "access_token";

    /// <summary>True when the request carries a credential for this scheme.</summary>
    public static bool Carries(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey(QueryParameter));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var fromHeader = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var credential = fromHeader ? header["Bearer ".Length..].Trim()
            : HttpMethods.IsGet(Request.Method) && Request.Query.TryGetValue(QueryParameter, out var query) ? query.ToString()
            : null;
        if (string.IsNullOrEmpty(credential))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (credential.StartsWith(ApiKeyHashes.Prefix, StringComparison.Ordinal))
        {
            return Task.FromResult(!fromHeader
                ? AuthenticateResult.Fail($"An API key is accepted only in the Authorization header, never in the URL (?{QueryParameter}= takes the engine's signed tokens).")
                : directory.ForApiKey(credential, Scheme.Name) is { } keyHolder
                    ? Success(keyHolder)
                    : AuthenticateResult.Fail("The API key is not valid."));
        }

        var token = tokens.Read(credential);
        var principal = token?.Purpose switch
        {
            TokenPurposes.Staff => directory.Current(token.Subject, token.Extra, Scheme.Name, "token"),
            TokenPurposes.Caller => Principal($"caller:{token.Subject}", token, new Claim(CallCenterClaims.CallId, token.Subject)),
            TokenPurposes.PcmMedia => Principal("pcm", token, TicketClaims(token)),
            _ => null, // unknown, expired, tampered with, or a Twilio stream ticket (good only with Twilio's signature)
        };
        return Task.FromResult(principal is not null
            ? Success(principal)
            : AuthenticateResult.Fail("The token is not valid: expired, altered, not signed by this engine, or for something else."));
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) => AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    private ClaimsPrincipal Principal(string name, SignedToken token, params Claim[] claims)
    {
        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(CallCenterClaims.Method, "token"));
        identity.AddClaim(new Claim(CallCenterClaims.Purpose, token.Purpose));
        identity.AddClaims(claims);
        return new ClaimsPrincipal(identity);
    }

    internal static Claim[] TicketClaims(SignedToken token) =>
    [
        new(CallCenterClaims.TicketId, token.Id),
        new(CallCenterClaims.TicketExpires, token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];
}

/// <summary>
/// Twilio, proven by X-Twilio-Signature over the URL it requested (and the form of a webhook POST), signed with the
/// account's auth token. A Media Stream's URL carries a ticket (<c>/media/twilio/{ticket}</c>) that the voice webhook
/// put in the TwiML: it names the call the stream is for and is good for one connection.
/// </summary>
public sealed class TwilioHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, IOptionsMonitor<TwilioOptions> twilio, SignedTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string TicketRouteValue = "ticket";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(TwilioSignature.Header, out var signature) || StringValues.IsNullOrEmpty(signature))
        {
            return AuthenticateResult.NoResult();
        }

        var settings = twilio.CurrentValue;
        if (string.IsNullOrEmpty(settings.AuthToken))
        {
            return AuthenticateResult.Fail("Twilio:AuthToken is not configured, so no request from Twilio can be checked.");
        }

        var url = RequestUrl(Request, settings.PublicBaseUrl);
        var form = Request.HasFormContentType && HttpMethods.IsPost(Request.Method)
            ? [.. (await Request.ReadFormAsync(Context.RequestAborted)).SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? "")))]
            : Array.Empty<KeyValuePair<string, string>>();
        if (!TwilioSignature.IsValid(settings.AuthToken, url, form, signature.ToString()))
        {
            return AuthenticateResult.Fail(
                $"The X-Twilio-Signature does not match this request as {Shown(url)} (check Twilio:AuthToken, and Twilio:PublicBaseUrl behind a proxy).");
        }

        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "twilio"));
        identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Twilio));
        identity.AddClaim(new Claim(CallCenterClaims.Method, "twilio_signature"));
        if (Context.GetRouteValue(TicketRouteValue) is string ticketText)
        {
            if (tokens.Read(ticketText, TokenPurposes.TwilioStream) is not { } ticket)
            {
                return AuthenticateResult.Fail("The stream URL's ticket is not valid or has expired: a stream URL comes from the voice webhook's TwiML and is used at once.");
            }

            identity.AddClaims(BearerHandler.TicketClaims(ticket));
            identity.AddClaim(new Claim(CallCenterClaims.TwilioCallSid, ticket.Subject));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>
    /// The URL Twilio requested: the public base URL when configured, else this request's scheme and host; the path and
    /// query string as sent. A WebSocket upgrade is signed with ws/wss, as Twilio connects.
    /// </summary>
    public static string RequestUrl(HttpRequest request, string? publicBaseUrl) =>
        Origin(request, publicBaseUrl, request.HttpContext.WebSockets.IsWebSocketRequest) + request.Path.Value + request.QueryString.Value;

    /// <summary>
    /// Where Twilio reaches this engine: the public base URL when configured, else this request's scheme, host and path
    /// base; with ws/wss for a WebSocket.
    /// </summary>
    public static string Origin(HttpRequest request, string? publicBaseUrl, bool webSocket)
    {
        var origin = publicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}";
        if (!webSocket)
        {
            return origin;
        }

        return origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + origin[8..]
            : origin.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "ws://" + origin[7..]
            : origin;
    }

    /// <summary>The URL without its query and ticket, for messages and logs (a ticket is a credential while it lasts).</summary>
    private static string Shown(string url)
    {
        var end = url.IndexOf('?') is var q and >= 0 ? q : url.Length;
        var path = url[..end];
        var marker = path.IndexOf("/media/twilio/", StringComparison.Ordinal);
        return marker >= 0 ? path[..(marker + "/media/twilio/".Length)] + "…" : path;
    }
}
