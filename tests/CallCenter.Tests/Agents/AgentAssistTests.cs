using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Tests.Dialogue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Agents;

/// <summary>Suggested replies and the summary for the agent, with the real NLU and the real SQLite CRM (no cluster).</summary>
public sealed class AgentAssistTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly BrainHarness _harness = new();
    private readonly AgentAssist _assist = new(new UnderstandingProvider(
        Options.Create(new DialogueOptions()), TimeProvider.System, NullLogger<UnderstandingProvider>.Instance));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private ICrmGrain Crm => _harness.Crm;

    private static List<Turn> Transcript(params string[] callerSays)
    {
        var turns = new List<Turn> { new(1, Speaker.Bot, "Hi, how can I help?", T0, null, [], null, null, DialogueBrain.Name) };
        foreach (var text in callerSays)
        {
            turns.Add(new Turn(turns.Count + 1, Speaker.Caller, text, T0.AddSeconds(turns.Count), null, [], 0, 0.9, null));
            turns.Add(new Turn(turns.Count + 1, Speaker.Bot, "…", T0.AddSeconds(turns.Count), null, [], null, null, DialogueBrain.Name));
        }

        return turns;
    }

    private static DialogueState State(Language language = Language.En, double emotion = 0, string? focusOrder = null, string? focusProduct = null) =>
        new() { Language = language, Status = CallStatus.WithAgent, Emotion = new EmotionState(emotion, 0), FocusOrderId = focusOrder, FocusProductSku = focusProduct };

    private async Task<Order> OrderAsync(string id) => (await Crm.GetOrderAsync(id))!;

    [Fact]
    public async Task The_order_the_caller_names_gets_its_status_and_anything_else_comes_last()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("where is my order A1001?"), State(), Crm);

        Assert.Equal([Replies.OrderStatus(Language.En, await OrderAsync("A1001")), Replies.AnythingElse(Language.En)], suggestions);
        Assert.Contains("1Z999AA10123456784", suggestions[0]);
    }

    [Fact]
    public async Task An_upset_caller_gets_an_apology_first()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("where is A1001, this is taking forever"), State(emotion: -0.5), Crm);

        Assert.Equal(Replies.Apology(Language.En), suggestions[0]);
        Assert.Contains(suggestions, s => s.Contains("A1001"));

        var calm = await _assist.SuggestAsync(Transcript("where is A1001"), State(emotion: -0.29), Crm);
        Assert.DoesNotContain(Replies.Apology(Language.En), calm);
    }

    [Fact]
    public async Task Without_an_order_named_the_order_in_focus_is_used()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("when will it arrive?"), State(focusOrder: "A1005"), Crm);

        Assert.Contains(Replies.OrderStatus(Language.En, await OrderAsync("A1005")), suggestions);
    }

    [Fact]
    public async Task A_cancel_request_gets_a_confirmation_question_when_the_order_can_still_be_cancelled()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("please cancel order A1003"), State(), Crm);

        Assert.Equal(Replies.ConfirmCancel(Language.En, await OrderAsync("A1003")), suggestions[0]);
        Assert.Equal("processing", (await OrderAsync("A1003")).Status); // a suggestion never acts
    }

    [Fact]
    public async Task A_cancel_request_for_a_shipped_order_gets_the_refusal_with_its_reason()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("I want to cancel order A1001"), State(), Crm);

        Assert.Equal(Replies.CancelRefused(Language.En, await OrderAsync("A1001"), CrmRefusal.AlreadyShipped), suggestions[0]);
        Assert.Contains("already shipped", suggestions[0]);
    }

    [Fact]
    public async Task A_policy_question_gets_the_policy_text()
    {
        var returns = (await Crm.GetPoliciesAsync()).Single(p => p.Topic == PolicyTopics.Returns);

        var asked = await _assist.SuggestAsync(Transcript("what is your return policy?"), State(), Crm);
        Assert.Contains(returns.En, asked);

        var shipping = (await Crm.GetPoliciesAsync()).Single(p => p.Topic == PolicyTopics.Shipping);
        Assert.Contains(shipping.En, await _assist.SuggestAsync(Transcript("how long does shipping take?"), State(), Crm));
    }

    [Fact]
    public async Task A_product_in_focus_gets_its_details()
    {
        var product = (await Crm.GetProductAsync("P100"))!;
        var suggestions = await _assist.SuggestAsync(Transcript("is it in stock?"), State(focusProduct: "P100"), Crm);

        Assert.Contains(Replies.ProductInfo(Language.En, product), suggestions);
    }

    [Fact]
    public async Task Chinese_calls_get_chinese_suggestions()
    {
        var suggestions = await _assist.SuggestAsync(Transcript("我的订单A1005到哪了"), State(Language.Zh, emotion: -0.4), Crm);

        Assert.Equal(
            [Replies.Apology(Language.Zh), Replies.OrderStatus(Language.Zh, await OrderAsync("A1005")), Replies.AnythingElse(Language.Zh)],
            suggestions);
    }

    [Fact]
    public async Task Anything_else_is_always_offered_even_when_there_is_a_lot_to_say()
    {
        // Upset, an order, a product and a policy: more than fit; "anything else" keeps its place.
        var suggestions = await _assist.SuggestAsync(
            Transcript("what is your return policy?"), State(emotion: -0.6, focusOrder: "A1001", focusProduct: "P100"), Crm);

        Assert.True(suggestions.Length <= 4, string.Join(" | ", suggestions));
        Assert.Equal(Replies.Apology(Language.En), suggestions[0]);
        Assert.Equal(Replies.AnythingElse(Language.En), suggestions[^1]);
    }

    [Fact]
    public async Task Before_the_caller_said_anything_there_is_only_anything_else()
    {
        Assert.Equal([Replies.AnythingElse(Language.En)], await _assist.SuggestAsync(Transcript(), State(), Crm));
    }

    [Fact]
    public async Task An_unknown_order_gives_no_status_suggestion()
    {
        Assert.Equal([Replies.AnythingElse(Language.En)], await _assist.SuggestAsync(Transcript("where is order A9999?"), State(), Crm));
    }

    [Fact]
    public void The_summary_says_who_what_which_order_the_mood_and_why_the_call_came_to_a_person()
    {
        var turns = new List<Turn>
        {
            new(1, Speaker.Bot, "Hi", T0, null, [], null, null, DialogueBrain.Name),
            new(2, Speaker.Caller, "hello", T0, Intent.Greeting, [], 0, 1, null),
            new(3, Speaker.Caller, "where is A1004", T0, Intent.OrderStatus, [], -0.2, 1, null),
            new(4, Speaker.Caller, "asdf", T0, Intent.NotUnderstood, [], 0, 1, null),
            new(5, Speaker.Caller, "this is useless", T0, Intent.Complaint, [], -0.8, 1, null),
            new(6, Speaker.Caller, "where is it", T0, Intent.OrderStatus, [], -0.8, 1, null),
        };
        var state = new DialogueState
        {
            Language = Language.En, CustomerId = "C002", CustomerName = "Bob Martinez", FocusOrderId = "A1004",
            Emotion = new EmotionState(-0.7, -0.2), HandoffReason = "the caller asked for a person",
        };

        var summary = AgentAssist.Summarize(turns, state, " Delayed espresso machine; wants a refund. ");

        Assert.Equal(
            "Bob Martinez (C002), English. Asked about: order status, complaint. Order A1004. Mood: angry, getting worse. "
            + "Transferred: the caller asked for a person. Delayed espresso machine; wants a refund.",
            summary);
    }

    [Fact]
    public void An_unidentified_caller_with_nothing_asked_gets_a_short_summary()
    {
        var state = new DialogueState { Language = Language.Zh, Emotion = new EmotionState(0.5, 0.2) };

        Assert.Equal("Unidentified caller, Chinese. Mood: pleased, improving.", AgentAssist.Summarize([], state, null));
        Assert.Contains("Mood: upset.", AgentAssist.Summarize([], new DialogueState { Emotion = new EmotionState(-0.3, 0) }, null));
        Assert.Contains("Mood: neutral.", AgentAssist.Summarize([], new DialogueState { Emotion = new EmotionState(0.1, 0) }, null));
    }
}
