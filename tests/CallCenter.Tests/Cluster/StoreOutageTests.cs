using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CallCenter.Tests.Cluster;

/// <summary>One silo and a Gateway process on a PostgreSQL of their own, which the test stops; one agent to sign in.</summary>
public sealed class StoreOutageClusterFixture : PostgresClusterFixture
{
    public TestIdentities Staff { get; } = new(agents: 1, supervisors: 0);

    protected override int SiloCount => 1;

    protected override bool WithGateway => true;

    protected override string[] GatewaySettings => [.. Staff.Settings.Select(s => $"--{s.Key}={s.Value}")];
}

/// <summary>
/// PostgreSQL stops while a call is in progress: every request through the Gateway process that needs it is answered
/// 503 saying the store is unavailable and to retry (the call list and a record save used to give 500), the call keeps
/// exactly what it had, and once PostgreSQL is back the same call goes on.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class StoreOutageTests(StoreOutageClusterFixture cluster, ITestOutputHelper output) : IClassFixture<StoreOutageClusterFixture>
{
    [Fact]
    public async Task While_PostgreSQL_is_down_every_API_path_answers_503_store_unavailable_and_the_call_goes_on_after()
    {
        var gateway = cluster.Gateway!;
        var api = new ChatApi(gateway.Http);
        var agent = cluster.Staff.Next();
        using var desk = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        desk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.ApiKey);
        (await desk.PostAsJsonAsync($"api/agents/{agent.AgentId}/sign-in", new { name = "Ada", languages = new[] { "en" } })).EnsureSuccessStatusCode();
        var started = await api.StartAsync("en");
        await api.SayAsync(started.CallId, "where is my order A1001");
        var before = await api.GetAsync(started.CallId);
        var logged = gateway.Output.Length;

        await cluster.Postgres.StopAsync();
        var answers = new List<(string Request, HttpResponseMessage Response)>();
        try
        {
            answers.Add(("the call list", await gateway.Http.GetAsync("api/calls?status=active")));
            answers.Add(("a turn", await api.SendAsync(HttpMethod.Post, $"api/calls/{started.CallId}/messages", JsonContent.Create(new { text = "is order A1003 shipped yet" }))));
            answers.Add(("a hang-up", await api.SendAsync(HttpMethod.Post, $"api/calls/{started.CallId}/hangup", null)));
            answers.Add(("the export", await gateway.Http.GetAsync("api/exports/unsure-turns")));
            answers.Add(("an agent's state", await desk.PostAsJsonAsync($"api/agents/{agent.AgentId}/state", new { state = "offline" })));
            answers.Add(("a new call", await gateway.Http.PostAsJsonAsync("api/calls", new { language = "en" }))); // its state cannot even be read
            var bodies = new List<string>();
            foreach (var (request, response) in answers)
            {
                bodies.Add(await response.Content.ReadAsStringAsync());
                output.WriteLine($"{request}: {(int)response.StatusCode} {bodies[^1]}");
            }

            foreach (var ((request, response), body) in answers.Zip(bodies))
            {
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{request}: {(int)response.StatusCode} {body}");
                Assert.Equal(ApiProblem.StoreUnavailable.Error, System.Text.Json.JsonSerializer.Deserialize<ErrorResponse>(body, ApiJson.Options)!.Error);
            }

            // The memory of the call still holds exactly what it had: the refused turn and hang-up left nothing.
            Assert.Equal(Transcript(before), Transcript(await api.GetAsync(started.CallId)));
            Assert.Equal(CallStatus.Active, (await api.GetAsync(started.CallId)).Status);
        }
        finally
        {
            await cluster.Postgres.RestartAsync();
        }

        // The Gateway said each store failure in its log once, with what failed.
        var log = gateway.Output[logged..];
        var failures = log.Split('\n').Count(l => l.Contains("StoreUnavailableException: The engine's store (PostgreSQL) failed", StringComparison.Ordinal));
        Assert.True(failures == answers.Count, $"{failures} store failures logged for {answers.Count} requests:\n{log}");

        // PostgreSQL is back: the same call goes on (a pooled connection the shutdown broke may fail one more try).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage turn;
        while ((turn = await api.SendAsync(HttpMethod.Post, $"api/calls/{started.CallId}/messages", JsonContent.Create(new { text = "is order A1003 shipped yet" })))
               .StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "the turn is still refused 30 s after PostgreSQL came back");
            await Task.Delay(500);
        }

        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var after = await api.GetAsync(started.CallId);
        Assert.Equal(Transcript(before), Transcript(after)[..before.Turns.Length]);
        Assert.Equal(["where is my order A1001", "is order A1003 shipped yet"], after.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        var listed = await gateway.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=active&limit=1000", ApiJson.Options);
        Assert.Equal(after.Turns.Length, listed!.Calls.Single(c => c.CallId == started.CallId).TurnCount);
        Assert.Equal(CallStatus.Ended, (await api.HangUpAsync(started.CallId)).Status);
    }

    private static (Speaker, string)[] Transcript(CallResponse call) => [.. call.Turns.Select(t => (t.Speaker, t.Text))];
}
