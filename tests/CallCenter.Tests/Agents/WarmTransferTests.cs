using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>A chat call moves from the AI to a person and back to its end, over the real API.</summary>
[Collection(AgentCollection.Name)]
public sealed class WarmTransferTests(AgentHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task A_transferred_chat_reaches_an_agent_with_its_history_and_is_closed_with_a_disposition()
    {
        var agent = host.NewAgent();
        await agent.SignInAsync("Alice", ["zh"], ["ecommerce"]);

        var call = await _api.StartAsync("zh", customerPhone: "+8613800000001");
        await _api.SayAsync(call.CallId, "我的订单A1005到哪了");
        var handoff = await _api.SayAsync(call.CallId, "我要转人工");
        Assert.True(handoff.Handoff);

        var offer = await agent.WaitForOfferAsync(call.CallId);
        var context = offer.GetProperty("context");
        Assert.Contains(context.GetProperty("transcript").EnumerateArray(), t => t.GetProperty("text").GetString() == "我的订单A1005到哪了");
        Assert.Contains(context.GetProperty("entities").EnumerateArray(), e => e.GetProperty("value").GetString() == "A1005");
        Assert.Contains("A1005", context.GetProperty("summary").GetString());
        Assert.NotEmpty(context.GetProperty("suggestedReplies").EnumerateArray());
        Assert.True(context.GetProperty("emotionCurve").GetArrayLength() >= 2);

        await agent.PostAsync("accept", new { callId = call.CallId });
        Assert.Equal("busy", (await agent.GetAsync()).GetProperty("state").GetString());
        Assert.Equal(CallStatus.WithAgent, (await _api.GetAsync(call.CallId)).Status);

        // The caller's words go to the agent: no bot answers them.
        var toAgent = await _api.SayAsync(call.CallId, "A1005还没到");
        Assert.Equal("", toAgent.Reply);
        var suggestions = (await agent.GetAsync("/suggestions")).EnumerateArray().Select(s => s.GetString()!).ToArray();
        Assert.Contains(suggestions, s => s.Contains("A1005"));

        await agent.PostAsync("messages", new { text = suggestions.First(s => s.Contains("A1005")) });
        await agent.PostAsync("close", new { disposition = "resolved", note = "told the ETA" });

        var record = await _api.GetAsync(call.CallId);
        Assert.Equal(CallStatus.Ended, record.Status);
        Assert.Equal(CallOutcome.ResolvedByAgent, record.Outcome);
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.Agent && t.Text.Contains("A1005"));
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.System && t.Text.Contains("Alice"));
        Assert.Equal("wrap_up", (await agent.GetAsync()).GetProperty("state").GetString());
        await agent.PostAsync("state", new { state = "offline" }); // the queue is shared with the other tests
    }

    [Fact]
    public async Task An_offer_not_accepted_in_time_goes_to_the_next_agent()
    {
        var first = host.NewAgent();
        await first.SignInAsync("Slow", ["en"], ["ecommerce"]);
        await Task.Delay(50);
        var second = host.NewAgent();
        await second.SignInAsync("Quick", ["en"], ["ecommerce"]);

        var call = await _api.StartAsync("en");
        await _api.SayAsync(call.CallId, "I want to speak to a human");
        await first.WaitForOfferAsync(call.CallId); // the longest idle gets it first
        var offer = await second.WaitForOfferAsync(call.CallId);
        Assert.Equal(JsonValueKind.Null, (await first.GetAsync()).GetProperty("offer").ValueKind);

        await second.PostAsync("accept", new { callId = call.CallId });
        await second.PostAsync("close", new { disposition = "resolved" });
        await first.PostAsync("state", new { state = "offline" });
        await second.PostAsync("state", new { state = "offline" });
    }

    [Fact]
    public async Task Bad_agent_requests_get_clear_errors_and_change_nothing()
    {
        var agent = host.NewAgent();
        await agent.SendAsync("accept", new { callId = "nope" }, System.Net.HttpStatusCode.NotFound); // not signed in
        var noName = await agent.SendAsync("sign-in", new { languages = new[] { "en" } }, System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("name", noName.GetProperty("error").GetString());
        var badLanguage = await agent.SendAsync("sign-in", new { name = "X", languages = new[] { "fr" } }, System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("languages", badLanguage.GetProperty("error").GetString());

        await agent.SignInAsync("X", ["en"], ["nothing-routes-here"]);
        var notOffered = await agent.SendAsync("accept", new { callId = "0123456789abcdef" }, System.Net.HttpStatusCode.Conflict);
        Assert.Contains("not offered", notOffered.GetProperty("error").GetString());
        var badDisposition = await agent.SendAsync("close", new { disposition = "meh" }, System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("resolved", badDisposition.GetProperty("error").GetString());
        var noCall = await agent.SendAsync("messages", new { text = "hello" }, System.Net.HttpStatusCode.Conflict);
        Assert.Contains("not on a call", noCall.GetProperty("error").GetString());
        Assert.Equal("available", (await agent.GetAsync()).GetProperty("state").GetString());
        await agent.PostAsync("state", new { state = "offline" });
    }
}
