using System.Net;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Api;

/// <summary>What an operator scrapes and probes: health, Prometheus metrics, the Orleans dashboard.</summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsEndpointTests(ApiHostFixture host)
{
    [Fact]
    public async Task Health_is_200_once_the_silo_is_active_and_liveness_is_200()
    {
        using var response = await host.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^Healthy: Silo .+ is active\\.$", await response.Content.ReadAsStringAsync());
        using var live = await host.Http.GetAsync("livez");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Metrics_show_calls_turns_intents_cache_and_emotion()
    {
        var api = new ChatApi(host.Http);
        var call = await api.StartAsync("en");
        await api.SayAsync(call.CallId, "what is your warranty policy");
        await api.SayAsync(call.CallId, "what is your warranty policy");

        // The Prometheus exporter caches a scrape for a moment; poll until this call's turns show.
        string metrics = "";
        for (var i = 0; i < 40 && !metrics.Contains("callcenter_answer_cache_hits_total"); i++)
        {
            await Task.Delay(250);
            metrics = await host.Http.GetStringAsync("metrics");
        }

        Assert.Contains("callcenter_calls_active", metrics);
        Assert.Contains("callcenter_calls_started_total", metrics);
        Assert.Contains("callcenter_turns_total{", metrics);
        Assert.Contains("intent=\"policy_question\"", metrics);
        Assert.Contains("callcenter_answer_cache_hits_total", metrics);
        Assert.Contains("callcenter_answer_cache_misses_total", metrics);
        Assert.Contains("callcenter_emotion_score", metrics);
        Assert.Contains("orleans_", metrics);
    }

    [Fact]
    public async Task The_dashboard_is_served()
    {
        // "dashboard/": /dashboard redirects there, and HttpClient drops the credentials on a redirect (a browser's cookie goes along).
        using var response = await host.Http.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
