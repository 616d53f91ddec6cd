using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Dialogue;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>
/// A 2-silo cluster of its own for the routing tests: the queue is one grain per cluster, so these tests must not
/// share it with other tests' calls. Offers last a minute; the offer-timeout test moves the clock instead of waiting.
/// </summary>
public sealed class RoutingClusterFixture : ClusterFixture
{
    public const int OfferTimeoutSeconds = 60;

    protected override Dictionary<string, string?> ExtraSettings() => new()
    {
        ["Agents:OfferTimeoutSeconds"] = OfferTimeoutSeconds.ToString(),
        ["Agents:WrapUpSeconds"] = "1",
    };
}

[CollectionDefinition(Name)]
public sealed class RoutingCollection : ICollectionFixture<RoutingClusterFixture>
{
    public const string Name = "routing";
}

/// <summary>
/// Routing to human agents on a real cluster: priority, skills, offer timeout, an agent who disconnects mid-call, a
/// call handed back to the AI, a caller who gives up waiting. Each test ends its calls and signs its agents out, so
/// the next one starts with an empty queue.
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class RoutingGrainTests(RoutingClusterFixture fixture) : IAsyncLifetime
{
    private readonly List<ICallGrain> _calls = [];
    private readonly List<IAgentGrain> _agents = [];

    private IQueueGrain Queue => fixture.Grains.GetGrain<IQueueGrain>(QueueKeys.Default);

    public async Task InitializeAsync() => Assert.Empty((await Queue.GetAsync()).Waiting);

    public async Task DisposeAsync()
    {
        foreach (var call in _calls) await call.HangUpAsync();
        foreach (var agent in _agents) await agent.DisconnectedAsync();
    }

    [Fact]
    public async Task An_urgent_call_is_offered_before_an_older_calm_one()
    {
        var calm = await WaitingCallAsync(Language.En);
        var urgent = await StartAsync(Language.En);
        var turn = await urgent.HandleCallerInputAsync(new CallerInput("this is ridiculous, I'm calling my lawyer"));
        Assert.True(turn.Urgent && turn.Handoff);
        Assert.Equal([Id(urgent), Id(calm)], (await Queue.GetAsync()).Waiting.Select(w => w.CallId));

        var agent = await SignInAsync("una", [Language.En]);

        var offer = await OfferAsync(agent);
        Assert.Equal(Id(urgent), offer.Context.CallId);
        Assert.True(offer.Context.Urgent);
        Assert.Equal(Id(agent), (await Queue.GetAsync()).Offers[Id(urgent)]);
    }

    [Fact]
    public async Task An_angry_call_is_offered_before_an_older_calm_one()
    {
        var calm = await WaitingCallAsync(Language.En);
        var angry = await StartAsync(Language.En);
        await angry.HandleCallerInputAsync(new CallerInput("I hate this, terrible, useless"));
        await angry.HandleCallerInputAsync(new CallerInput("I hate this, terrible"));
        var turn = await angry.HandleCallerInputAsync(new CallerInput("yes"));
        Assert.True(turn.Handoff);
        Assert.False(turn.Urgent);
        Assert.True(turn.Emotion.Score <= new AgentOptions().AngryAt, $"emotion {turn.Emotion.Score}");

        var agent = await SignInAsync("ada", [Language.En]);

        Assert.Equal(Id(angry), (await OfferAsync(agent)).Context.CallId);
        var waiting = (await Queue.GetAsync()).Waiting;
        Assert.Equal([Id(angry), Id(calm)], waiting.Select(w => w.CallId));
    }

    [Fact]
    public async Task A_chinese_call_goes_to_the_agent_who_speaks_chinese_even_one_idle_for_less_time()
    {
        var english = await SignInAsync("eve", [Language.En]);
        await Task.Delay(50);
        var chinese = await SignInAsync("li", [Language.Zh, Language.En]);

        var call = await WaitingCallAsync(Language.Zh);

        var offer = await OfferAsync(chinese);
        Assert.Equal(Id(call), offer.Context.CallId);
        Assert.Equal(Language.Zh, offer.Context.Language);
        Assert.Null((await english.GetAsync()).Offer);

        // An English call now goes to the English speaker, the only one free.
        var second = await WaitingCallAsync(Language.En);
        Assert.Equal(Id(second), (await OfferAsync(english)).Context.CallId);
    }

    [Fact]
    public async Task A_chinese_call_waits_rather_than_going_to_an_english_only_agent()
    {
        var english = await SignInAsync("ed", [Language.En]);
        var call = await WaitingCallAsync(Language.Zh);

        await Task.Delay(1500); // the queue's timer ticks every half second: time enough to (wrongly) offer it
        Assert.Null((await english.GetAsync()).Offer);
        Assert.Equal([Id(call)], (await Queue.GetAsync()).Waiting.Select(w => w.CallId));
    }

    [Fact]
    public async Task An_offer_not_accepted_in_time_goes_to_the_next_agent()
    {
        var first = await SignInAsync("fay", [Language.En]);
        await Task.Delay(50);
        var second = await SignInAsync("gus", [Language.En]);
        var call = await WaitingCallAsync(Language.En);
        var offer = await OfferAsync(first, Id(call)); // the longest idle first
        Assert.InRange((offer.ExpiresAt - fixture.Clock.GetUtcNow()).TotalSeconds, RoutingClusterFixture.OfferTimeoutSeconds - 10, RoutingClusterFixture.OfferTimeoutSeconds);
        Assert.Null((await second.GetAsync()).Offer);

        fixture.Clock.Skip(TimeSpan.FromSeconds(RoutingClusterFixture.OfferTimeoutSeconds + 1));

        await OfferAsync(second, Id(call));
        Assert.Null((await first.GetAsync()).Offer);
        await Assert.ThrowsAsync<InvalidOperationException>(() => first.AcceptAsync(Id(call)));
        var context = await second.AcceptAsync(Id(call));
        Assert.Equal(Id(call), context.CallId);
        Assert.Equal(CallStatus.WithAgent, (await call.GetSnapshotAsync()).Status);
        Assert.Empty((await Queue.GetAsync()).Waiting);
    }

    [Fact]
    public async Task A_call_the_only_agent_let_pass_comes_back_to_them_after_a_while()
    {
        var agent = await SignInAsync("kai", [Language.En]);
        var call = await WaitingCallAsync(Language.En);
        await OfferAsync(agent, Id(call));

        fixture.Clock.Skip(TimeSpan.FromSeconds(RoutingClusterFixture.OfferTimeoutSeconds + 1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await agent.GetAsync()).Offer is not null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Null((await agent.GetAsync()).Offer); // withdrawn, and not offered straight back

        await Task.Delay(1000);
        Assert.Null((await agent.GetAsync()).Offer);

        // Nobody else took it: once the pass has run out, the caller is not left waiting forever.
        fixture.Clock.Skip(TimeSpan.FromSeconds(RoutingClusterFixture.OfferTimeoutSeconds + 1));
        await OfferAsync(agent, Id(call));
        await agent.AcceptAsync(Id(call));
        Assert.Equal(CallStatus.WithAgent, (await call.GetSnapshotAsync()).Status);
    }

    [Fact]
    public async Task An_agent_who_disconnects_mid_call_puts_the_caller_back_at_the_front_of_the_queue()
    {
        // An English call waits (the only agent speaks Chinese); then a Chinese call comes and the agent takes it.
        var older = await WaitingCallAsync(Language.En);
        var dropping = await SignInAsync("mei", [Language.Zh]);
        var call = await WaitingCallAsync(Language.Zh);
        await dropping.AcceptAsync((await OfferAsync(dropping, Id(call))).Context.CallId);
        Assert.Equal(CallStatus.WithAgent, (await call.GetSnapshotAsync()).Status);

        await dropping.DisconnectedAsync();

        var snapshot = await call.GetSnapshotAsync();
        Assert.Equal(CallStatus.WaitingForAgent, snapshot.Status);
        Assert.Null(snapshot.AgentId);
        Assert.Equal(Speaker.System, snapshot.Turns[^1].Speaker);
        Assert.Equal(Replies.AgentDisconnected(Language.Zh), snapshot.Turns[^1].Text);
        var agent = await dropping.GetAsync();
        Assert.Equal(AgentState.Offline, agent.State);
        Assert.Null(agent.CallId);
        var waiting = (await Queue.GetAsync()).Waiting;
        Assert.Equal([Id(call), Id(older)], waiting.Select(w => w.CallId));
        Assert.True(waiting[0].Returned);
        Assert.True(waiting[0].WaitingSince > waiting[1].WaitingSince); // it is first although it waited less

        var next = await SignInAsync("nia", [Language.En, Language.Zh]);
        var offer = await OfferAsync(next);
        Assert.Equal(Id(call), offer.Context.CallId);
        Assert.Contains(offer.Context.Transcript, t => t.Text == Replies.AgentDisconnected(Language.Zh));
    }

    [Fact]
    public async Task A_call_handed_back_to_the_ai_is_answered_by_the_bot_again()
    {
        var agent = await SignInAsync("hal", [Language.En]);
        var call = await WaitingCallAsync(Language.En);
        await agent.AcceptAsync((await OfferAsync(agent, Id(call))).Context.CallId);
        Assert.Equal("", (await call.HandleCallerInputAsync(new CallerInput("hello? anyone there?"))).Reply); // for the agent
        await agent.SayAsync("Hi, I'm here. Let me hand you back to our assistant for the order details.");

        await agent.HandBackAsync();

        var snapshot = await call.GetSnapshotAsync();
        Assert.Equal(CallStatus.Active, snapshot.Status);
        Assert.Null(snapshot.AgentId);
        Assert.Equal(Replies.BackWithAssistant(Language.En), snapshot.Turns[^1].Text);
        Assert.Equal(AgentState.WrapUp, (await agent.GetAsync()).State);

        var answer = await call.HandleCallerInputAsync(new CallerInput("where is my order A1001?"));
        Assert.Contains("UPS", answer.Reply);
        Assert.Equal(DialogueBrain.Name, answer.Brain);
        Assert.Equal(CallStatus.Active, answer.Status);

        // After the wrap-up time the agent is available again, with one call handled.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        AgentSnapshot after;
        while ((after = await agent.GetAsync()).State != AgentState.Available && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(AgentState.Available, after.State);
        Assert.Equal(1, after.CallsHandled);
    }

    [Fact]
    public async Task A_caller_who_hangs_up_while_waiting_leaves_the_queue_and_any_offer()
    {
        var alone = await WaitingCallAsync(Language.En);
        Assert.Contains(Id(alone), (await Queue.GetAsync()).Waiting.Select(w => w.CallId));

        var ended = await alone.HangUpAsync();

        Assert.Equal(CallOutcome.Abandoned, ended.Outcome);
        Assert.DoesNotContain(Id(alone), (await Queue.GetAsync()).Waiting.Select(w => w.CallId));

        var agent = await SignInAsync("ivy", [Language.En]);
        var offered = await WaitingCallAsync(Language.En);
        await OfferAsync(agent, Id(offered));
        await offered.HangUpAsync();

        var queue = await Queue.GetAsync();
        Assert.Empty(queue.Waiting);
        Assert.Empty(queue.Offers);
        Assert.Null((await agent.GetAsync()).Offer);
    }

    [Fact]
    public async Task An_agent_closes_a_call_with_a_disposition_stored_with_the_summary_and_satisfaction()
    {
        var agent = await SignInAsync("joy", [Language.En]);
        var call = await StartAsync(Language.En);
        await call.HandleCallerInputAsync(new CallerInput("where is my order A1004?"));
        await call.HandleCallerInputAsync(new CallerInput("I want to speak to a human"));
        await agent.AcceptAsync((await OfferAsync(agent, Id(call))).Context.CallId);
        await agent.SayAsync("It's held by the weather; I've asked the carrier to prioritize it.");

        await agent.CloseAsync(Disposition.FollowUp, "  call back on Friday  ");

        var snapshot = await call.GetSnapshotAsync();
        Assert.Equal(CallStatus.Ended, snapshot.Status);
        Assert.Equal(CallOutcome.ResolvedByAgent, snapshot.Outcome);
        Assert.Equal(Disposition.FollowUp, snapshot.Disposition);
        Assert.Equal("call back on Friday", snapshot.DispositionNote);
        Assert.Equal(Id(agent), snapshot.AgentId);
        Assert.Contains("Order A1004", snapshot.Summary);
        Assert.InRange(snapshot.Satisfaction!.Value, 1, 5);

        var record = (await fixture.Grains.GetGrain<ICallRecordsGrain>(0).GetAsync(Id(call)))!.Summary;
        Assert.Equal(
            (CallOutcome.ResolvedByAgent, Disposition.FollowUp, "call back on Friday", Id(agent), snapshot.Summary, snapshot.Satisfaction),
            (record.Outcome, record.Disposition, record.DispositionNote, record.AgentId, record.Summary, record.Satisfaction));
        Assert.NotNull(record.TransferredAt);
        Assert.Equal(AgentState.WrapUp, (await agent.GetAsync()).State);
    }

    private static string Id(IAddressable grain) => grain.GetPrimaryKeyString();

    private async Task<ICallGrain> StartAsync(Language language)
    {
        var call = fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));
        _calls.Add(call);
        await call.StartAsync(new StartCall(CallChannel.Chat, language, null));
        return call;
    }

    /// <summary>A call whose caller asked for a person: it is in the queue now.</summary>
    private async Task<ICallGrain> WaitingCallAsync(Language language)
    {
        var call = await StartAsync(language);
        var turn = await call.HandleCallerInputAsync(new CallerInput(language == Language.Zh ? "我要转人工" : "I want to speak to a human"));
        Assert.True(turn.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, turn.Status);
        return call;
    }

    private async Task<IAgentGrain> SignInAsync(string name, Language[] languages, string[]? domains = null)
    {
        var agent = fixture.Grains.GetGrain<IAgentGrain>($"{name}-{Guid.NewGuid():N}"[..20]);
        _agents.Add(agent);
        var signedIn = await agent.SignInAsync(new AgentProfile(name, languages, domains ?? ["ecommerce"]));
        Assert.Equal(AgentState.Available, signedIn.State);
        return agent;
    }

    /// <summary>Waits for the queue to offer the agent a call (it does so within moments of a change).</summary>
    private static async Task<CallOffer> OfferAsync(IAgentGrain agent, string? callId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if ((await agent.GetAsync()).Offer is { } offer && (callId is null || offer.Context.CallId == callId))
            {
                return offer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Agent {Id(agent)} got no offer{(callId is null ? "" : " for " + callId)}.");
            }

            await Task.Delay(50);
        }
    }
}
