using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>A chat caller's token opens their own call, over HTTP and /ws/chat, and nothing else.</summary>
[Collection(SecurityCollection.Name)]
public sealed class CallerAccessTests(SecurityHostFixture host)
{
    [Fact]
    public async Task A_caller_reads_and_talks_in_their_own_call_only()
    {
        var mine = await new ChatApi(host.Anonymous).StartAsync("en");
        var theirs = await new ChatApi(host.Anonymous).StartAsync("en");
        using var caller = host.ClientWith(mine.CallerToken);

        using (var talk = await caller.PostAsJsonAsync($"api/calls/{mine.CallId}/messages", new { text = "where is my order A1001" }))
        {
            Assert.Equal(HttpStatusCode.OK, talk.StatusCode);
            Assert.Contains("UPS", (await talk.Content.ReadFromJsonAsync<TurnResponse>(ApiJson.Options))!.Reply);
        }

        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync($"api/calls/{mine.CallId}")).StatusCode);
        foreach (var refused in new[]
        {
            await caller.GetAsync($"api/calls/{theirs.CallId}"),
            await caller.PostAsJsonAsync($"api/calls/{theirs.CallId}/messages", new { text = "where is my order A1001" }),
            await caller.PostAsync($"api/calls/{theirs.CallId}/hangup", null),
            await caller.GetAsync("api/calls"),
            await caller.GetAsync("api/supervisor/wallboard"),
            await caller.PostAsync("api/media/pcm-token", null),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrEmpty((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        }

        // The other call is untouched: no caller turn in it.
        Assert.DoesNotContain((await new ChatApi(host.Http).GetAsync(theirs.CallId)).Turns, t => t.Speaker == Calls.Speaker.Caller);
        // Without the token, or with an altered one, nobody is anybody's caller.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync($"api/calls/{mine.CallId}")).StatusCode);
        using var forged = host.ClientWith(mine.CallerToken[..^3] + "AAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"api/calls/{mine.CallId}")).StatusCode);
    }

    [Fact]
    public async Task A_caller_token_reconnects_the_chat_socket_to_its_own_call_only()
    {
        var mine = await new ChatApi(host.Anonymous).StartAsync("en");
        var theirs = await new ChatApi(host.Anonymous).StartAsync("en");
        var socket = new Uri($"ws://{host.BaseAddress.Authority}/ws/chat");

        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(new Uri(socket, $"?callId={mine.CallId}")));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(new Uri(socket, $"?callId={theirs.CallId}&access_token={mine.CallerToken}")));
        // The header works as well as the query string (which browsers need).
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(new Uri(socket, $"?callId={theirs.CallId}"),
            o => o.SetRequestHeader("Authorization", "Bearer " + mine.CallerToken)));

        using var chat = await ChatSocket.ConnectAsync(host.BaseAddress, mine.CallId, mine.CallerToken);
        var reply = await chat.ExchangeAsync(new { type = "message", text = "where is my order A1001" });
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Contains("UPS", reply.GetProperty("reply").GetString());
    }

    [Fact]
    public async Task A_call_started_on_the_chat_socket_gives_its_caller_token()
    {
        using var chat = await ChatSocket.ConnectAsync(host.BaseAddress);
        var started = await chat.ExchangeAsync(new { type = "start", language = "en" });
        var callId = started.GetProperty("callId").GetString()!;
        using var caller = host.ClientWith(started.GetProperty("callerToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync($"api/calls/{callId}")).StatusCode);
        using var me = await caller.GetAsync("api/auth/me");
        Assert.Equal(callId, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("callId").GetString());
    }

    [Fact]
    public async Task A_token_in_the_url_counts_only_on_a_get_and_an_api_key_never_does()
    {
        var mine = await new ChatApi(host.Anonymous).StartAsync("en");
        Assert.Equal(HttpStatusCode.OK, (await host.Anonymous.GetAsync($"api/calls/{mine.CallId}?access_token={mine.CallerToken}")).StatusCode);
        using var post = await host.Anonymous.PostAsJsonAsync($"api/calls/{mine.CallId}/messages?access_token={mine.CallerToken}", new { text = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);

        using var keyInUrl = await host.Anonymous.GetAsync($"api/calls?access_token={SecurityHostFixture.OnlyAdminKey}");
        Assert.Equal(HttpStatusCode.Unauthorized, keyInUrl.StatusCode);
        Assert.Contains("Authorization header", (await keyInUrl.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        using var keyInHeader = host.ClientWith(SecurityHostFixture.OnlyAdminKey);
        Assert.Equal(HttpStatusCode.OK, (await keyInHeader.GetAsync("api/calls")).StatusCode);
        using var unknownKey = host.ClientWith("cck_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknownKey.GetAsync("api/calls")).StatusCode);
    }

    [Fact]
    public async Task An_agent_reads_the_call_offered_to_them_or_they_are_on_and_no_other()
    {
        await Agents.AgentDeskClient.ClearFloorAsync(host.Http);
        var agent = host.NewAgent();
        var other = host.NewAgent();
        await agent.SignInAsync("Ada", ["en"], ["ecommerce"]);
        var api = new ChatApi(host.Anonymous);
        var call = await api.StartAsync("en");
        var unrelated = await api.StartAsync("en");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync($"api/calls/{call.CallId}")).StatusCode); // not theirs yet

        Assert.True((await api.SayAsync(call.CallId, "I want to speak to a human")).Handoff);
        await agent.WaitForOfferAsync(call.CallId);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"api/calls/{call.CallId}")).StatusCode); // offered
        await agent.PostAsync("accept", new { callId = call.CallId });
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"api/calls/{call.CallId}")).StatusCode); // on it
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync($"api/calls/{unrelated.CallId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync($"api/calls/{call.CallId}")).StatusCode);

        await agent.PostAsync("close", new { disposition = "resolved" });
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync($"api/calls/{call.CallId}")).StatusCode); // theirs no more
        await agent.PostAsync("state", new { state = "offline" });
    }

    [Fact]
    public async Task An_apps_key_starts_calls_for_its_users_and_may_do_nothing_else()
    {
        using var app = host.ClientWith(SecurityHostFixture.AppKey);
        var started = await new ChatApi(app).StartAsync("en");
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("api/media/pcm-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync($"api/calls/{started.CallId}")).StatusCode); // the caller's token reads it
        Assert.Equal(HttpStatusCode.Forbidden, (await app.GetAsync("api/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ClientWith(started.CallerToken).GetAsync($"api/calls/{started.CallId}")).StatusCode);
    }
}
