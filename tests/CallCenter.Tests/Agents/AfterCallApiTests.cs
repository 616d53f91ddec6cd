using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>After the call: summary, outcome, disposition and estimated satisfaction, live and in the durable records.</summary>
[Collection(AgentCollection.Name)]
public sealed class AfterCallApiTests(AgentHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task A_call_an_agent_closed_returns_its_disposition_summary_and_satisfaction_and_so_does_the_list()
    {
        var agent = host.NewAgent();
        await agent.SignInAsync("Cleo", ["en"], ["ecommerce"]);
        try
        {
            var call = await _api.StartAsync("en", customerPhone: "+15550101");
            await _api.SayAsync(call.CallId, "where is my order A1004?");
            await _api.SayAsync(call.CallId, "I want to speak to a human");
            await agent.WaitForOfferAsync(call.CallId);
            await agent.PostAsync("accept", new { callId = call.CallId });
            await agent.PostAsync("messages", new { text = "I've asked FedEx to prioritize it." });
            await agent.PostAsync("close", new { disposition = "follow_up", note = "check on Friday" });

            var json = JsonDocument.Parse(await host.Http.GetStringAsync($"api/calls/{call.CallId}")).RootElement;
            Assert.Equal("resolved_by_agent", json.GetProperty("outcome").GetString());
            Assert.Equal(agent.AgentId, json.GetProperty("agentId").GetString());
            Assert.Equal("follow_up", json.GetProperty("disposition").GetString());
            Assert.Equal("check on Friday", json.GetProperty("dispositionNote").GetString());
            var summary = json.GetProperty("summary").GetString()!;
            Assert.StartsWith("Bob Martinez (C002), English.", summary);
            Assert.Contains("Order A1004", summary);
            Assert.InRange(json.GetProperty("satisfaction").GetDouble(), 1, 5);

            var response = await _api.GetAsync(call.CallId);
            var listed = await ListedAsync(call.CallId);
            Assert.Equal(
                (response.AgentId, response.Disposition, response.DispositionNote, response.Summary, response.Satisfaction, response.Outcome),
                (listed.AgentId, listed.Disposition, listed.DispositionNote, listed.Summary, listed.Satisfaction, listed.Outcome));
            Assert.Equal(Disposition.FollowUp, listed.Disposition);
            Assert.NotNull(listed.TransferredAt);
        }
        finally
        {
            await agent.PostAsync("state", new { state = "offline" });
        }
    }

    [Fact]
    public async Task Calls_the_ai_resolved_or_the_caller_abandoned_get_a_summary_and_satisfaction_but_no_disposition()
    {
        var resolved = await _api.StartAsync("en");
        await _api.SayAsync(resolved.CallId, "where is my order A1001?");
        var bye = await _api.SayAsync(resolved.CallId, "goodbye");
        Assert.Equal(CallStatus.Ended, bye.Status);
        var abandoned = await _api.StartAsync("zh");
        await _api.SayAsync(abandoned.CallId, "我要转人工");
        await _api.HangUpAsync(abandoned.CallId);

        var ai = await _api.GetAsync(resolved.CallId);
        Assert.Equal(CallOutcome.ResolvedByAi, ai.Outcome);
        Assert.Contains("Asked about: order status", ai.Summary);
        Assert.Null(ai.Disposition);
        Assert.Null(ai.AgentId);
        var gaveUp = await _api.GetAsync(abandoned.CallId);
        Assert.Equal(CallOutcome.Abandoned, gaveUp.Outcome);
        Assert.StartsWith("Unidentified caller, Chinese.", gaveUp.Summary);
        Assert.True(gaveUp.Satisfaction < ai.Satisfaction, $"abandoned {gaveUp.Satisfaction}, resolved {ai.Satisfaction}");

        Assert.Equal(ai.Satisfaction, (await ListedAsync(resolved.CallId)).Satisfaction);
        Assert.Equal(gaveUp.Summary, (await ListedAsync(abandoned.CallId)).Summary);
    }

    [Fact]
    public async Task A_call_in_progress_has_no_after_call_data_yet()
    {
        var call = await _api.StartAsync("en");
        var json = JsonDocument.Parse(await host.Http.GetStringAsync($"api/calls/{call.CallId}")).RootElement;
        foreach (var field in new[] { "agentId", "disposition", "dispositionNote", "summary", "satisfaction" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(field).ValueKind);
        }

        await _api.HangUpAsync(call.CallId);
    }

    private async Task<CallSummary> ListedAsync(string callId)
    {
        var list = await host.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=ended&limit=1000", ApiJson.Options);
        return Assert.Single(list!.Calls, c => c.CallId == callId);
    }
}
