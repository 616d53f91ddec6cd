using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using CallCenter.Gateway.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Limits;

/// <summary>The limits of <see cref="LimitOptions"/>; each refusal says which one was reached.</summary>
public enum Limit
{
    /// <summary>Requests per source address (anonymous and caller requests).</summary>
    Source,
    /// <summary>Requests per call with its caller token.</summary>
    Caller,
    /// <summary>Requests per API key or signed-in user.</summary>
    Principal,
    /// <summary>New calls per source address.</summary>
    CallStart,
    /// <summary>Sign-in attempts per source address and per user name.</summary>
    SignIn,
    /// <summary>Open WebSockets and event streams per source address (per user or API key for staff).</summary>
    Connections,
    /// <summary>Open telephony connections (Twilio streams, AudioSocket) per source address.</summary>
    TelephonyConnections,
}

/// <summary>The limits an endpoint takes part in besides the per-source, per-caller and per-principal request rates.</summary>
public sealed record LimitMetadata(params Limit[] Limits);

/// <summary>
/// The engine's rate and connection limits, as System.Threading.RateLimiting limiters partitioned by source address,
/// call, principal or user name. HTTP requests go through them in ASP.NET Core's rate-limiting middleware (a connection's
/// lease is held while its WebSocket or event stream is open); messages inside a WebSocket and AudioSocket connections
/// ask the same limiters, so a caller's budget is one whichever way they come.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly LimitOptions _options;
    private readonly Counter<long> _refused;
    private readonly Dictionary<Limit, PartitionedRateLimiter<string>> _limiters;

    public RateLimits(IOptions<LimitOptions> options, IMeterFactory meters)
    {
        _options = options.Value;
        _refused = meters.Create("CallCenter").CreateCounter<long>("callcenter.limits.refused", "{request}",
            "Requests, messages and connections refused by a limit, by the limit reached.");
        var o = _options;
        _limiters = new()
        {
            [Limit.Source] = Rate(o.SourceRequestsPerSecond, o.SourceBurst),
            [Limit.Caller] = Rate(o.CallerRequestsPerSecond, o.CallerBurst),
            [Limit.Principal] = Rate(o.PrincipalRequestsPerSecond, o.PrincipalBurst),
            [Limit.CallStart] = Rate(o.CallStartsPerMinute / 60.0, o.CallStartsPerMinute),
            [Limit.SignIn] = Rate(o.SignInsPerMinute / 60.0, o.SignInsPerMinute),
            [Limit.Connections] = Concurrent(o.ConnectionsPerSource),
            [Limit.TelephonyConnections] = Concurrent(o.TelephonyConnectionsPerSource),
        };
    }

    /// <summary>
    /// The limiter every HTTP request goes through: the request rate of its source (without staff credentials), of its
    /// call (with a caller token) or of its API key or user, then the endpoint's own limits (<see cref="LimitMetadata"/>).
    /// </summary>
    public PartitionedRateLimiter<HttpContext> ForRequests() => PartitionedRateLimiter.CreateChained(
        Labelled(Limit.Source, http => IsTelephony(http) || HasStaffCredentials(http) ? "" : Source(http)),
        Labelled(Limit.Caller, http => http.User.FindFirst(CallCenterClaims.CallId)?.Value ?? ""),
        Labelled(Limit.Principal, http => HasStaffCredentials(http) ? Principal(http) : ""),
        Labelled(Limit.CallStart, http => Takes(http, Limit.CallStart) ? Source(http) : ""),
        Labelled(Limit.SignIn, http => Takes(http, Limit.SignIn) ? Source(http) : ""),
        // Staff are counted each on their own (a whole floor of agents may share one office address); others by address.
        Labelled(Limit.Connections, http => !Takes(http, Limit.Connections) ? "" : HasStaffCredentials(http) ? Principal(http) : Source(http)),
        Labelled(Limit.TelephonyConnections, http => Takes(http, Limit.TelephonyConnections) ? Source(http) : ""));

    /// <summary>Asks <paramref name="limit"/> for one permit for <paramref name="key"/>; a refused lease is a <see cref="RefusedLease"/>.</summary>
    public RateLimitLease Acquire(Limit limit, string key)
    {
        var lease = _limiters[limit].AttemptAcquire(key);
        return lease.IsAcquired ? lease : Refuse(lease, limit);
    }

    public RateLimitLease Acquire(Limit limit, IPAddress address) => Acquire(limit, SourceKey(address));

    /// <summary>What the refusal says: which limit, how much it allows, when to try again.</summary>
    public string Describe(Limit limit, int retryAfterSeconds)
    {
        var o = _options;
        var again = $"Try again in {retryAfterSeconds} s.";
        return limit switch
        {
            Limit.Source => $"Too many requests from your address (at most {Format(o.SourceRequestsPerSecond)} a second). {again}",
            Limit.Caller => $"Too many requests for this call (at most {Format(o.CallerRequestsPerSecond)} a second). {again}",
            Limit.Principal => $"Too many requests with these credentials (at most {Format(o.PrincipalRequestsPerSecond)} a second). {again}",
            Limit.CallStart => $"Too many new calls from your address (at most {o.CallStartsPerMinute} a minute). {again}",
            Limit.SignIn => $"Too many sign-in attempts (at most {o.SignInsPerMinute} a minute from one address or for one user). {again}",
            Limit.Connections => $"Too many open connections from your address or with your credentials (at most {o.ConnectionsPerSource} at once): close one first. {again}",
            _ => $"Too many open telephony connections from your address (at most {o.TelephonyConnectionsPerSource} at once). {again}",
        };
    }

    /// <summary>Seconds until the refused lease's limit may allow it (at least 1).</summary>
    public int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : Math.Max(1, _options.RetryAfterSeconds);

    /// <summary>Answers an HTTP request the middleware refused: 429, Retry-After, and what was reached.</summary>
    public ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var limit = context.Lease is RefusedLease refused ? refused.Limit : Limit.Source;
        var retryAfter = RetryAfterSeconds(context.Lease);
        return new ValueTask(AccessAnswers.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, Describe(limit, retryAfter), retryAfter));
    }

    /// <summary>The source address a limit counts: the connection's (or the one a trusted proxy forwarded).</summary>
    public static string Source(HttpContext http) => http.Connection.RemoteIpAddress is { } address ? SourceKey(address) : "unknown";

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static string SourceKey(IPAddress address) => (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static string Principal(HttpContext http) => $"{http.User.FindFirst(CallCenterClaims.Method)?.Value}:{http.User.Identity!.Name}";

    private static bool Takes(HttpContext http, Limit limit) => http.GetEndpoint()?.Metadata.GetMetadata<LimitMetadata>()?.Limits.Contains(limit) == true;

    private static bool IsTelephony(HttpContext http) => Takes(http, Limit.TelephonyConnections);

    /// <summary>A staff member's or an app's own credentials (not a caller token or a media ticket, which anyone may hold).</summary>
    private static bool HasStaffCredentials(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && !http.User.HasClaim(c => c.Type == CallCenterClaims.CallId || c.Type == CallCenterClaims.TicketId);

    private PartitionedRateLimiter<HttpContext> Labelled(Limit limit, Func<HttpContext, string> key) =>
        new LabelledLimiter(this, limit, _limiters[limit].WithTranslatedKey(key, leaveOpen: true));

    private RefusedLease Refuse(RateLimitLease lease, Limit limit)
    {
        _refused.Add(1, new KeyValuePair<string, object?>("limit", limit.ToString().ToLowerInvariant()));
        return new RefusedLease(lease, limit);
    }

    private static string Format(double perSecond) => perSecond.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A token bucket per key: <paramref name="perSecond"/> sustained, <paramref name="burst"/> at once; no limit at 0.</summary>
    private static PartitionedRateLimiter<string> Rate(double perSecond, int burst) => PartitionedRateLimiter.Create<string, string>(key =>
    {
        if (key.Length == 0 || perSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter(key);
        }

        // Refilled in small steps (about ten a second, at least one token each) so a rate of a few a second stays smooth.
        var tokens = Math.Max(1, (int)Math.Round(perSecond / 10));
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / perSecond),
            QueueLimit = 0,
        });
    });

    private static PartitionedRateLimiter<string> Concurrent(int atOnce) => PartitionedRateLimiter.Create<string, string>(key =>
        key.Length == 0 || atOnce <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = atOnce, QueueLimit = 0 }));

    /// <summary>Marks a refused lease with the limit that refused it, so the answer can say which.</summary>
    private sealed class LabelledLimiter(RateLimits owner, Limit limit, PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => Mark(inner.AttemptAcquire(resource, permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            Mark(await inner.AcquireAsync(resource, permitCount, cancellationToken));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private RateLimitLease Mark(RateLimitLease lease) => lease.IsAcquired ? lease : owner.Refuse(lease, limit);
    }
}

/// <summary>A refused lease that knows which limit refused it.</summary>
public sealed class RefusedLease(RateLimitLease inner, Limit limit) : RateLimitLease
{
    public Limit Limit => limit;

    public override bool IsAcquired => false;

    public override IEnumerable<string> MetadataNames => inner.MetadataNames;

    public override bool TryGetMetadata(string metadataName, out object? metadata) => inner.TryGetMetadata(metadataName, out metadata);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
