using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Gateway.Security;
using CallCenter.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallCenter.Tests.Security;

/// <summary>
/// Walks every route the host maps, as its endpoint data source lists them (the Gateway's, health, metrics, the Orleans
/// dashboard's): without credentials each non-public one answers 401 or 403, and each answers 403 to the principals of
/// the wrong role and lets the right ones through. The expectations are README's roles table, by route.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed partial class RouteAccessTests(SecurityHostFixture host, ITestOutputHelper output)
{
    private const string AgentA = "agent A", AgentB = "agent B", Supervisor = "supervisor", Admin = "admin (only)", App = "app (role caller)",
        CallerX = "caller of X", CallerY = "caller of Y";

    private static readonly string[] Everyone = [AgentA, AgentB, Supervisor, Admin, App, CallerX, CallerY];

    /// <summary>README, Security, what is public (by default; this host restricts /metrics to admins by configuration).</summary>
    private static bool IsPublic(string method, string pattern) => (method, pattern) switch
    {
        ("GET", "/" or "/softphone.js" or "/pcm-worklet.js" or "/sign-in" or "/healthz" or "/livez" or "/ws/chat") => true,
        ("POST", "/sign-in" or "/sign-out" or "/api/auth/token" or "/api/calls") => true,
        ("GET", _) when pattern.StartsWith("/pages/", StringComparison.Ordinal) => true,
        _ => false,
    };

    /// <summary>README's roles table: who may use the route (beyond that, 403). Null: the route has no expectation yet.</summary>
    private static string[]? Allowed(string method, string pattern) => (method, pattern) switch
    {
        _ when IsPublic(method, pattern) => Everyone,
        (_, "/api/auth/me") => Everyone,
        ("GET", "/metrics") => [Admin], // Security:MetricsRoles=admin
        ("GET", "/api/calls") => [Supervisor, Admin],
        ("GET", "/api/calls/{id}") => [CallerX, Supervisor, Admin],
        ("POST", "/api/calls/{id}/messages") => [CallerX],
        ("POST", "/api/calls/{id}/hangup") => [CallerX, Supervisor, Admin],
        ("GET", "/api/agents/{id}") or ("POST", "/api/agents/{id}/state") => [AgentA, Supervisor, Admin],
        ("POST", "/api/agents/{id}/take-over") => [], // agent A is not a supervisor; see Take_over_is_a_supervisors_own
        (_, _) when pattern.StartsWith("/api/agents/{id}/", StringComparison.Ordinal) => [AgentA],
        ("GET", "/agent") => [AgentA, AgentB, Supervisor],
        ("GET", "/supervisor") => [Supervisor, Admin],
        (_, _) when pattern.StartsWith("/api/supervisor/", StringComparison.Ordinal) => [Supervisor, Admin],
        (_, _) when pattern.StartsWith("/api/exports/", StringComparison.Ordinal) => [Admin],
        (_, _) when pattern == "/dashboard" || pattern.StartsWith("/dashboard/", StringComparison.Ordinal) => [Admin],
        ("POST", "/api/media/pcm-token") => [AgentA, AgentB, Supervisor, Admin, App],
        ("GET", "/media/pcm") => [], // a PCM ticket only: MediaAccessTests
        ("GET", "/media/agent") => [AgentA],
        (_, "/twilio/voice" or "/media/twilio/{ticket}") => [], // Twilio's signature only: MediaAccessTests
        _ => null,
    };

    [Fact]
    public async Task Every_route_the_app_maps_refuses_requests_without_credentials()
    {
        var routes = Routes();
        Assert.Contains(routes, r => r.Pattern.StartsWith("/dashboard", StringComparison.Ordinal)); // the walk sees beyond the Gateway
        Assert.Contains(routes, r => r.Pattern == "/metrics");
        using var anonymous = Client(null);
        var wrong = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var status = await StatusAsync(anonymous, method, Fill(pattern, "0123456789abcdef0123456789abcdef", "someone"));
            var refused = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
            output.WriteLine($"{method} {pattern}: {(int)status}");
            if (refused == IsPublic(method, pattern))
            {
                wrong.Add($"{method} {pattern} answered {(int)status} without credentials ({(IsPublic(method, pattern) ? "public" : "not public")})");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        output.WriteLine($"{routes.Count} routes walked.");
    }

    [Fact]
    public async Task Every_route_refuses_the_wrong_roles_with_403_and_lets_the_right_ones_through()
    {
        var (callX, tokenX) = await StartCallAsync();
        var (_, tokenY) = await StartCallAsync();
        var agentA = host.Identities.Next();
        var credentials = new Dictionary<string, string>
        {
            [AgentA] = agentA.ApiKey, [AgentB] = host.Identities.Next().ApiKey, [Supervisor] = host.Identities.Next(Roles.Supervisor).ApiKey,
            [Admin] = SecurityHostFixture.OnlyAdminKey, [App] = SecurityHostFixture.AppKey, [CallerX] = tokenX, [CallerY] = tokenY,
        };
        var wrong = new List<string>();
        var checks = 0;
        foreach (var (method, pattern) in Routes())
        {
            var allowed = Allowed(method, pattern);
            if (allowed is null)
            {
                wrong.Add($"{method} {pattern}: no expectation; README's roles table (and this test) must say who may use it");
                continue;
            }

            var url = Fill(pattern, callX, agentA.AgentId) + (pattern == "/media/agent" ? "?agentId=" + agentA.AgentId : "");
            var ownCredentialsOnly = pattern is "/twilio/voice" or "/media/twilio/{ticket}"; // staff credentials do not even authenticate there
            foreach (var (who, credential) in credentials)
            {
                using var http = Client(credential);
                var status = await StatusAsync(http, method, url);
                checks++;
                var ok = allowed.Contains(who)
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == HttpStatusCode.Forbidden || (ownCredentialsOnly && status == HttpStatusCode.Unauthorized);
                if (!ok)
                {
                    wrong.Add($"{method} {pattern} as {who}: {(int)status}, expected {(allowed.Contains(who) ? "to be let through" : "403")}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        output.WriteLine($"{checks} requests checked.");
    }

    [Fact]
    public async Task Take_over_is_a_supervisors_own()
    {
        var supervisor = host.NewAgent(Roles.Supervisor);
        var agent = host.NewAgent();
        // Not a supervisor's own id, or not a supervisor: refused before anything is done.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(supervisor.Http, "POST", $"/api/agents/{agent.AgentId}/take-over"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(agent.Http, "POST", $"/api/agents/{agent.AgentId}/take-over"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(host.Http, "POST", $"/api/agents/{supervisor.AgentId}/take-over"));
        // Their own: let through to the desk, which says what is missing.
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(supervisor.Http, "POST", $"/api/agents/{supervisor.AgentId}/take-over"));
    }

    private async Task<(string CallId, string Token)> StartCallAsync()
    {
        var started = await new ChatApi(host.Anonymous).StartAsync("en");
        return (started.CallId, started.CallerToken);
    }

    /// <summary>Every route the host maps with each of its methods ("GET" for the ones mapped for any method: WebSockets).</summary>
    private List<(string Method, string Pattern)> Routes() =>
    [
        .. host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"])
                .Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").Trim('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal),
    ];

    /// <summary>The route with its parameters filled: the call, the agent, and anything else.</summary>
    private static string Fill(string pattern, string callId, string agentId) => Parameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "id" when pattern.StartsWith("/api/calls", StringComparison.Ordinal) => callId,
        "id" => agentId,
        "ticket" => "v1.e30.e30",
        _ => "x",
    });

    private HttpClient Client(string? credential)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (credential is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return http;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.TrimStart('/'));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // Headers only: event streams and the dashboard's live feeds answer at once and then keep going.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_]+)[^}]*\}")]
    private static partial Regex Parameter();
}
