using CallCenter.Calls;
using CallCenter.Llm;

namespace CallCenter.Tests.Llm;

/// <summary>The conversation the model is sent: recent turns verbatim, older ones summarized within the token budget.</summary>
public sealed class ContextWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Turn Caller(int seq, string text, Intent? intent = null, params Entity[] entities) =>
        new(seq, Speaker.Caller, text, Start.AddSeconds(seq), intent, entities, null, null, null);

    private static Turn Bot(int seq, string text, string? heard = null) =>
        new(seq, Speaker.Bot, text, Start.AddSeconds(seq), null, [], null, null, "embedded", heard);

    private static Entity Order(string id) => new(EntityTypes.OrderNumber, id);

    [Fact]
    public void Under_budget_every_turn_is_sent_in_order_then_the_new_caller_text()
    {
        Turn[] turns =
        [
            Caller(1, "Where is my order A1001?", Intent.OrderStatus, Order("A1001")),
            Bot(2, "Order A1001 has shipped with UPS."),
            new(3, Speaker.System, "Call transferred to the queue.", Start, null, [], null, null, null),
            new(4, Speaker.Agent, "Hi, this is Dana.", Start, null, [], null, null, null),
        ];

        var messages = ContextWindow.Build(turns, "When will it arrive?", 1200);

        Assert.Equal(
            [
                new LlmMessage("user", "Where is my order A1001?"),
                new LlmMessage("assistant", "Order A1001 has shipped with UPS."),
                new LlmMessage("assistant", "Hi, this is Dana."),
                new LlmMessage("user", "When will it arrive?"),
            ],
            messages);
    }

    [Fact]
    public void A_call_without_history_is_just_the_caller_text()
    {
        Assert.Equal([new LlmMessage("user", "Hello?")], ContextWindow.Build([], "Hello?", 1200));
    }

    [Fact]
    public void Over_budget_the_oldest_turns_become_one_summary_line()
    {
        var filler = string.Join(' ', Enumerable.Repeat("and the box was also damaged on one side", 8));
        Turn[] turns =
        [
            Caller(1, "Where is my order A1001? " + filler, Intent.OrderStatus, Order("A1001")),
            Bot(2, "Order A1001 has shipped with UPS. " + filler),
            Caller(3, "Then please cancel A1003. " + filler, Intent.CancelOrder, Order("A1003")),
            Bot(4, "Do you want me to cancel A1003? " + filler),
            Caller(5, "Yes.", Intent.Affirm),
            Bot(6, "Order A1003 is cancelled."),
        ];
        var budget = ContextWindow.EstimateTokens("And the warranty?")
            + ContextWindow.EstimateTokens("Yes.") + ContextWindow.EstimateTokens("Order A1003 is cancelled.");

        var messages = ContextWindow.Build(turns, "And the warranty?", budget);

        Assert.Equal(4, messages.Length);
        Assert.Equal("system", messages[0].Role);
        Assert.StartsWith("Earlier in this call: ", messages[0].Content);
        Assert.Equal("Earlier in this call: the caller asked about order status (A1001); then cancel order (A1003).", messages[0].Content);
        Assert.Equal(
            [new LlmMessage("user", "Yes."), new LlmMessage("assistant", "Order A1003 is cancelled."), new LlmMessage("user", "And the warranty?")],
            messages[1..]);
    }

    [Fact]
    public void The_newest_turns_are_kept_and_the_budget_is_respected()
    {
        var turns = Enumerable.Range(1, 40)
            .Select(i => i % 2 == 1
                ? Caller(i, $"Question number {i} about order A{1000 + i}, please check it for me.", Intent.OrderStatus, Order($"A{1000 + i}"))
                : Bot(i, $"Answer number {i}: that order is on its way and should arrive soon."))
            .ToArray();

        var messages = ContextWindow.Build(turns, "Thanks.", 200);

        var verbatim = messages.Where(m => m.Role != "system").ToArray();
        Assert.Equal("Thanks.", verbatim[^1].Content);
        Assert.Equal(turns[^1].Text, verbatim[^2].Content);
        Assert.InRange(verbatim.Sum(m => ContextWindow.EstimateTokens(m.Content)), 1, 200);
        Assert.True(verbatim.Length < 41);
        var kept = turns.TakeLast(verbatim.Length - 1).Select(t => t.Text);
        Assert.Equal(kept, verbatim[..^1].Select(m => m.Content));

        var summary = Assert.Single(messages, m => m.Role == "system");
        Assert.Same(summary, messages[0]);
        Assert.DoesNotContain("A1001", summary.Content); // a long call keeps its most recent topics
        var lastDropped = turns.SkipLast(verbatim.Length - 1).Last(t => t.Speaker == Speaker.Caller);
        Assert.Contains(lastDropped.Entities[0].Value, summary.Content);
    }

    [Fact]
    public void A_turn_that_alone_exceeds_the_budget_is_still_sent()
    {
        var messages = ContextWindow.Build([Caller(1, new string('x', 4000), Intent.Complaint)], "Hello?", 50);
        Assert.Equal(["user", "user"], messages.Select(m => m.Role));
    }

    [Fact]
    public void Dropped_turns_without_intents_leave_no_summary()
    {
        Turn[] turns = [Caller(1, new string('x', 400), Intent.NotUnderstood), Bot(2, new string('y', 400)), Caller(3, "A1001", Intent.ProvideInfo)];
        var messages = ContextWindow.Build(turns, "Well?", ContextWindow.EstimateTokens("A1001") + ContextWindow.EstimateTokens("Well?"));
        Assert.Equal([new LlmMessage("user", "A1001"), new LlmMessage("user", "Well?")], messages);
    }

    [Fact]
    public void An_interrupted_bot_turn_is_what_the_caller_heard()
    {
        Turn[] turns =
        [
            Caller(1, "Where is A1001?", Intent.OrderStatus, Order("A1001")),
            Bot(2, "Order A1001 has shipped with UPS and will arrive on Friday.", heard: "Order A1001 has shipped"),
        ];

        var messages = ContextWindow.Build(turns, "Stop, I meant A1002.", 1200);
        Assert.Equal(new LlmMessage("assistant", "Order A1001 has shipped [interrupted]"), messages[1]);
    }

    [Fact]
    public void Chinese_is_counted_a_token_per_character()
    {
        var chinese = "您好，我的订单什么时候到？";
        var english = "Hello, when will my order arrive?";
        Assert.Equal(chinese.Length + 4, ContextWindow.EstimateTokens(chinese));
        Assert.Equal((english.Length + 3) / 4 + 4, ContextWindow.EstimateTokens(english));
        Assert.True(ContextWindow.EstimateTokens(new string('订', 100)) > ContextWindow.EstimateTokens(new string('o', 100)) * 3);
    }
}
