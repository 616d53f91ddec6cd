using System.Net;
using System.Text.Json;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>
/// GET /api/exports/unsure-turns over real calls made through the API: the turns the brain was unsure of and those an
/// agent took over, as JSON Lines, for labeling.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class UnsureTurnsExportTests(AgentHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task Unsure_and_agent_corrected_turns_are_exported_with_their_reasons_and_the_agents_reply()
    {
        var since = host.Clock.GetUtcNow();
        var agent = host.NewAgent();
        await agent.SignInAsync("Lena", ["en"], ["ecommerce"]);
        string unsure, sure;
        try
        {
            unsure = (await _api.StartAsync("en")).CallId;
            await _api.SayAsync(unsure, "asdf qwer");                  // 2: not understood
            await _api.SayAsync(unsure, "could be something");         // 4: a guess
            await _api.SayAsync(unsure, "I want to speak to a human"); // 6: the transfer
            await agent.WaitForOfferAsync(unsure);
            await agent.PostAsync("accept", new { callId = unsure });  // 8: "connected with Lena"
            await _api.SayAsync(unsure, "the box arrived soaked");     // 9: for the agent
            await agent.PostAsync("messages", new { text = "I'm sorry! I'll send a replacement today." });
            await agent.PostAsync("close", new { disposition = "resolved" });

            sure = (await _api.StartAsync("en")).CallId;
            await _api.SayAsync(sure, "where is my order A1001?");
            await _api.HangUpAsync(sure);
        }
        finally
        {
            await agent.PostAsync("state", new { state = "offline" });
        }

        var (response, lines) = await ExportAsync($"since={Uri.EscapeDataString(since.ToString("O"))}");

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(lines, l => l.GetProperty("call_id").GetString() == sure);
        var mine = lines.Where(l => l.GetProperty("call_id").GetString() == unsure).ToArray();
        Assert.Equal([2, 4, 6, 9], mine.Select(l => l.GetProperty("seq").GetInt32()));

        var notUnderstood = mine[0];
        Assert.Equal(["not_understood"], Reasons(notUnderstood));
        Assert.Equal("asdf qwer", notUnderstood.GetProperty("text").GetString());
        Assert.Equal("not_understood", notUnderstood.GetProperty("intent").GetString());
        Assert.Equal("en", notUnderstood.GetProperty("language").GetString());
        Assert.Equal("embedded", notUnderstood.GetProperty("brain").GetString());
        Assert.False(string.IsNullOrEmpty(notUnderstood.GetProperty("bot_reply").GetString()));
        Assert.Equal(JsonValueKind.Null, notUnderstood.GetProperty("agent_reply").ValueKind);
        Assert.True(notUnderstood.GetProperty("time").GetDateTimeOffset() >= since);

        var guess = mine[1];
        Assert.Equal(["low_confidence"], Reasons(guess));
        Assert.True(guess.GetProperty("confidence").GetDouble() < 0.5);

        var transfer = mine[2];
        Assert.Equal(["handed_to_agent"], Reasons(transfer));
        Assert.Equal("human_agent", transfer.GetProperty("intent").GetString());
        Assert.Contains("transferring", transfer.GetProperty("bot_reply").GetString());
        Assert.Equal("I'm sorry! I'll send a replacement today.", transfer.GetProperty("agent_reply").GetString());

        var toAgent = mine[3];
        Assert.Equal(["handed_to_agent"], Reasons(toAgent));
        Assert.Equal("the box arrived soaked", toAgent.GetProperty("text").GetString());
        Assert.Equal("agent:" + agent.AgentId, toAgent.GetProperty("brain").GetString());
        Assert.Equal("I'm sorry! I'll send a replacement today.", toAgent.GetProperty("bot_reply").GetString());
        Assert.Equal("I'm sorry! I'll send a replacement today.", toAgent.GetProperty("agent_reply").GetString());

        // Later than every turn: nothing. A limit: no more lines than asked.
        var (_, none) = await ExportAsync($"since={Uri.EscapeDataString(host.Clock.GetUtcNow().ToString("O"))}");
        Assert.Empty(none);
        var (_, one) = await ExportAsync($"since={Uri.EscapeDataString(since.ToString("O"))}&limit=1");
        Assert.Equal(unsure, Assert.Single(one).GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task A_long_export_comes_in_pages_with_every_line_once()
    {
        var since = host.Clock.GetUtcNow();
        var calls = new List<string>();
        for (var batch = 0; batch < 21; batch++)
        {
            // More calls than the records grain reads in one page (200).
            var started = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _api.StartAsync("en")));
            await Task.WhenAll(started.Select(c => _api.SayAsync(c.CallId, "blorp zzz")));
            await Task.WhenAll(started.Select(c => _api.HangUpAsync(c.CallId)));
            calls.AddRange(started.Select(c => c.CallId));
        }

        var (_, lines) = await ExportAsync($"since={Uri.EscapeDataString(since.ToString("O"))}");
        var exported = lines.Select(l => l.GetProperty("call_id").GetString()!).ToArray();
        Assert.Equal(calls.Order(), exported.Where(calls.Contains).Order());

        var (_, limited) = await ExportAsync($"since={Uri.EscapeDataString(since.ToString("O"))}&limit=203");
        Assert.Equal(203, limited.Length);
        Assert.Equal(limited.Length, limited.Select(l => l.GetProperty("call_id").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("since=yesterday", "'since'")]
    [InlineData("since=2026-13-45", "'since'")]
    [InlineData("since=25/11/2026", "'since'")]
    [InlineData("limit=0", "'limit'")]
    [InlineData("limit=-5", "'limit'")]
    [InlineData("limit=ten", "'limit'")]
    [InlineData("limit=1000001", "'limit'")]
    [InlineData("limit=99999999999999", "'limit'")]
    public async Task Bad_parameters_get_a_400_that_says_what_is_wrong(string query, string names)
    {
        using var response = await host.Http.GetAsync($"api/exports/unsure-turns?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(names, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("2030-01-01T08:00:00%2B08:00")]
    [InlineData("2030-01-01T08:00:00+08:00")] // a '+' the client did not encode arrives as a space
    [InlineData("2030-01-01T00:00")]
    public async Task Iso_dates_and_times_are_accepted_for_since(string since)
    {
        var (_, lines) = await ExportAsync($"since={since}");
        Assert.Empty(lines); // nothing happened after 2030
    }

    private static string[] Reasons(JsonElement line) => [.. line.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    private async Task<(HttpResponseMessage Response, JsonElement[] Lines)> ExportAsync(string query)
    {
        var response = await host.Http.GetAsync($"api/exports/unsure-turns?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} → {(int)response.StatusCode}: {body}");
        Assert.True(body.Length == 0 || body.EndsWith('\n'));
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        return (response, lines);
    }
}
