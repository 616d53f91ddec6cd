using CallCenter.Agents;
using CallCenter.Calls;

namespace CallCenter.Tests.Agents;

/// <summary>Which waiting call goes to which ready agent: the queue's rules without the queue.</summary>
public sealed class RoutingPolicyTests
{
    private const double AngryAt = -0.5;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static WaitingCall Call(string id, int waitingSinceSeconds, bool urgent = false, double emotion = 0, bool returned = false,
        Language language = Language.En, string domain = "ecommerce") =>
        new(id, language, domain, urgent, emotion, T0.AddSeconds(waitingSinceSeconds), CallChannel.Chat, returned);

    private static ReadyAgent Agent(string id, int idleSinceSeconds, Language[]? languages = null, string[]? domains = null) =>
        new(id, languages ?? [Language.En], domains ?? [], T0.AddSeconds(idleSinceSeconds));

    private static readonly HashSet<(string, string)> NonePassed = [];

    [Fact]
    public void Returned_calls_come_first_then_urgent_then_angry_then_the_longest_waiting()
    {
        var waiting = new[]
        {
            Call("calm-old", 0),
            Call("calm-new", 50),
            Call("angry", 40, emotion: -0.8),
            Call("at-threshold", 45, emotion: AngryAt),
            Call("just-above", 1, emotion: AngryAt + 0.01),
            Call("urgent", 60, urgent: true),
            Call("urgent-angry-older", 30, urgent: true, emotion: -0.9),
            Call("returned", 90, returned: true),
        };

        var order = RoutingPolicy.Order(waiting, AngryAt).Select(c => c.CallId).ToArray();

        Assert.Equal(["returned", "urgent-angry-older", "urgent", "angry", "at-threshold", "calm-old", "just-above", "calm-new"], order);
    }

    [Fact]
    public void Calls_waiting_equally_long_keep_a_stable_order()
    {
        var order = RoutingPolicy.Order([Call("b", 5), Call("a", 5), Call("c", 5)], AngryAt).Select(c => c.CallId);
        Assert.Equal(["a", "b", "c"], order);
    }

    [Fact]
    public void An_agent_must_speak_the_language_and_know_the_domain_unless_they_list_none()
    {
        var chinese = Call("zh", 0, language: Language.Zh);
        var finance = Call("fin", 0, domain: "finance");

        Assert.False(RoutingPolicy.Matches(Agent("en", 0), chinese));
        Assert.True(RoutingPolicy.Matches(Agent("both", 0, [Language.En, Language.Zh]), chinese));
        Assert.True(RoutingPolicy.Matches(Agent("any-domain", 0), finance));
        Assert.False(RoutingPolicy.Matches(Agent("shop", 0, domains: ["ecommerce"]), finance));
        Assert.True(RoutingPolicy.Matches(Agent("bank", 0, domains: ["ecommerce", "Finance"]), finance));
        Assert.False(RoutingPolicy.Matches(Agent("bank-zh", 0, [Language.Zh], ["finance"]), finance));
    }

    [Fact]
    public void The_longest_idle_matching_agent_gets_the_call()
    {
        var agents = new[] { Agent("fresh", 30), Agent("idle-longest", 0), Agent("middle", 10) };

        var (call, agent) = Assert.Single(RoutingPolicy.Assign([Call("c1", 0)], agents, NonePassed, AngryAt));

        Assert.Equal("c1", call.CallId);
        Assert.Equal("idle-longest", agent.AgentId);
    }

    [Fact]
    public void A_call_goes_to_the_matching_agent_even_when_a_non_matching_one_was_idle_longer()
    {
        var agents = new[] { Agent("en-only", 0), Agent("zh-speaker", 20, [Language.Zh]) };

        var (_, agent) = Assert.Single(RoutingPolicy.Assign([Call("zh", 0, language: Language.Zh)], agents, NonePassed, AngryAt));

        Assert.Equal("zh-speaker", agent.AgentId);
    }

    [Fact]
    public void An_agent_who_let_a_call_pass_is_skipped_for_it_but_not_for_others()
    {
        var agents = new[] { Agent("passed", 0), Agent("next", 10) };
        var passed = new HashSet<(string, string)> { ("c1", "passed") };

        var assignments = RoutingPolicy.Assign([Call("c1", 0), Call("c2", 5)], agents, passed, AngryAt);

        Assert.Equal([("c1", "next"), ("c2", "passed")], assignments.Select(a => (a.Call.CallId, a.Agent.AgentId)));
    }

    [Fact]
    public void Nobody_is_offered_a_call_everyone_let_pass()
    {
        var passed = new HashSet<(string, string)> { ("c1", "a") };
        Assert.Empty(RoutingPolicy.Assign([Call("c1", 0)], [Agent("a", 0)], passed, AngryAt));
    }

    [Fact]
    public void One_agent_gets_one_call_per_pass_the_most_pressing_one()
    {
        var waiting = new[] { Call("old", 0), Call("urgent", 30, urgent: true), Call("angry", 20, emotion: -0.7) };

        var (call, _) = Assert.Single(RoutingPolicy.Assign(waiting, [Agent("only", 0)], NonePassed, AngryAt));

        Assert.Equal("urgent", call.CallId);
    }

    [Fact]
    public void A_call_no_one_can_take_does_not_hold_up_the_calls_behind_it()
    {
        var waiting = new[] { Call("zh-urgent", 0, urgent: true, language: Language.Zh), Call("en", 10), Call("en-later", 20) };
        var agents = new[] { Agent("en-1", 0), Agent("en-2", 5) };

        var assignments = RoutingPolicy.Assign(waiting, agents, NonePassed, AngryAt);

        Assert.Equal([("en", "en-1"), ("en-later", "en-2")], assignments.Select(a => (a.Call.CallId, a.Agent.AgentId)));
    }

    [Fact]
    public void Agents_who_were_idle_equally_long_are_taken_in_id_order()
    {
        var (_, agent) = Assert.Single(RoutingPolicy.Assign([Call("c", 0)], [Agent("b", 0), Agent("a", 0)], NonePassed, AngryAt));
        Assert.Equal("a", agent.AgentId);
    }
}
