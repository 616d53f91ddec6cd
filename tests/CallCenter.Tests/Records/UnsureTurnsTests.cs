using CallCenter.Calls;
using CallCenter.Records;

namespace CallCenter.Tests.Records;

/// <summary>Which caller turns of a call record go into the labeling export, and why.</summary>
public sealed class UnsureTurnsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Turn Caller(int seq, string text, Intent? intent, double? confidence) =>
        new(seq, Speaker.Caller, text, T0.AddSeconds(seq), intent, [], 0, confidence, null);

    private static Turn Bot(int seq, string text, string brain = "embedded") => new(seq, Speaker.Bot, text, T0.AddSeconds(seq), null, [], null, null, brain);

    private static Turn Agent(int seq, string text) => new(seq, Speaker.Agent, text, T0.AddSeconds(seq), null, [], null, null, "agent:alice");

    private static Turn System(int seq, string text) => new(seq, Speaker.System, text, T0.AddSeconds(seq), null, [], null, null, null);

    private static CallRecord Record(DateTimeOffset? transferredAt, params Turn[] turns) => new(
        new CallSummary("call-1", CallChannel.Chat, Language.En, CallStatus.Ended, null, T0, T0.AddMinutes(5), CallOutcome.ResolvedByAgent,
            false, 0, null, turns.Length, transferredAt), turns);

    /// <summary>A call: sure turn, low confidence, not understood, fallback, the turn before the transfer, a caller turn the agent answered.</summary>
    private static CallRecord Conversation() => Record(
        T0.AddSeconds(10.5),
        Bot(1, "Hi!"),
        Caller(2, "where is A1001", Intent.OrderStatus, 0.95),
        Bot(3, "It shipped."),
        Caller(4, "could be something", Intent.ReturnRequest, 0.44),
        Bot(5, "What's the order number?"),
        Caller(6, "blorp", Intent.NotUnderstood, 1.0),
        Bot(7, "Sorry, I didn't catch that."),
        Caller(8, "my parcel is wet", Intent.Complaint, 0.8),
        Bot(9, "I'm sorry about that.", "fallback"),
        Caller(10, "get me a person", Intent.HumanAgent, 0.97),
        Bot(11, "Transferring you now."),
        Caller(12, "hello?", Intent.Greeting, 0.9),
        Bot(13, "A person will be with you shortly."),
        System(14, "You're now connected with Alice."),
        Caller(15, "the box arrived soaked", null, null),
        Caller(16, "and the earbuds don't work", null, null),
        Agent(17, "I'm sorry! I'll send a replacement today."),
        Caller(18, "thanks", null, null));

    [Fact]
    public void Each_unsure_turn_comes_with_its_reasons_and_the_reply_it_got()
    {
        var lines = UnsureTurns.Find(Conversation(), null, 0.5).ToArray();

        Assert.Equal([4, 6, 8, 10, 15, 16], lines.Select(l => l.Seq));
        var low = lines[0];
        Assert.Equal(["low_confidence"], low.Reasons);
        Assert.Equal(("could be something", Intent.ReturnRequest, 0.44), (low.Text, low.Intent, low.Confidence));
        Assert.Equal(("embedded", "What's the order number?", (string?)null), (low.Brain, low.BotReply, low.AgentReply));
        Assert.Equal(["not_understood"], lines[1].Reasons);
        Assert.Equal(["fallback"], lines[2].Reasons);
        Assert.Equal("fallback", lines[2].Brain);
        Assert.Equal(("call-1", T0.AddSeconds(4), Language.En), (low.CallId, low.Time, low.Language));
    }

    [Fact]
    public void The_turn_before_the_transfer_is_labeled_with_what_the_agent_said()
    {
        var transfer = UnsureTurns.Find(Conversation(), null, 0.5).Single(l => l.Seq == 10);

        Assert.Equal(["handed_to_agent"], transfer.Reasons);
        Assert.Equal("Transferring you now.", transfer.BotReply);
        Assert.Equal("embedded", transfer.Brain);
        Assert.Equal("I'm sorry! I'll send a replacement today.", transfer.AgentReply);
    }

    [Fact]
    public void Caller_turns_the_agent_answered_carry_the_agents_reply()
    {
        var lines = UnsureTurns.Find(Conversation(), null, 0.5).Where(l => l.Seq is 15 or 16).ToArray();

        Assert.All(lines, l =>
        {
            Assert.Equal(["handed_to_agent"], l.Reasons);
            Assert.Equal("agent:alice", l.Brain);
            Assert.Equal("I'm sorry! I'll send a replacement today.", l.BotReply);
            Assert.Equal(l.BotReply, l.AgentReply);
        });
    }

    [Fact]
    public void A_last_word_nobody_answered_has_no_reply_and_is_not_exported()
    {
        var last = UnsureTurns.Find(Conversation(), null, 0.5).SingleOrDefault(l => l.Seq == 18);
        Assert.Null(last); // "thanks", after the agent's last word: no reply, no reason

        var record = Record(null, Bot(1, "Hi!"), Caller(2, "blorp", Intent.NotUnderstood, 1));
        var line = Assert.Single(UnsureTurns.Find(record, null, 0.5));
        Assert.Null(line.BotReply);
        Assert.Null(line.Brain);
    }

    [Fact]
    public void The_confidence_threshold_is_a_setting_and_a_turn_exactly_at_it_is_sure()
    {
        Assert.DoesNotContain(UnsureTurns.Find(Conversation(), null, 0.44), l => l.Seq == 4);
        Assert.Contains(UnsureTurns.Find(Conversation(), null, 0.441), l => l.Seq == 4);
        var strict = UnsureTurns.Find(Conversation(), null, 0.96).Where(l => l.Reasons.Contains("low_confidence")).Select(l => l.Seq);
        Assert.Equal([2, 4, 8, 12], strict);
    }

    [Fact]
    public void Only_turns_since_the_given_time_are_exported()
    {
        var lines = UnsureTurns.Find(Conversation(), T0.AddSeconds(8), 0.5).Select(l => l.Seq);
        Assert.Equal([8, 10, 15, 16], lines);
    }

    [Fact]
    public void A_call_never_transferred_and_always_understood_gives_nothing()
    {
        var record = Record(null, Bot(1, "Hi!"), Caller(2, "where is A1001", Intent.OrderStatus, 0.9), Bot(3, "It shipped."));
        Assert.Empty(UnsureTurns.Find(record, null, 0.5));
    }

    [Fact]
    public void Several_reasons_are_all_given()
    {
        var record = Record(T0.AddSeconds(2), Bot(1, "Hi!"), Caller(2, "huh", Intent.NotUnderstood, 0.3), Bot(3, "Let me get a person.", "fallback"));
        Assert.Equal(["low_confidence", "not_understood", "fallback", "handed_to_agent"], Assert.Single(UnsureTurns.Find(record, null, 0.5)).Reasons);
    }

    [Fact]
    public void Each_line_says_the_language_the_caller_wrote_in()
    {
        var record = Record(null, Bot(1, "Hi!"), Caller(2, "我的订单呢", Intent.NotUnderstood, 1), Bot(3, "?"), Caller(4, "A1001!!", Intent.NotUnderstood, 1),
            Bot(5, "?"), Caller(6, "hmm", Intent.NotUnderstood, 1));
        Assert.Equal([Language.Zh, Language.En, Language.En], UnsureTurns.Find(record, null, 0.5).Select(l => l.Language));

        // Digits alone say nothing of the language: the call's stands.
        var digits = Record(null, Caller(1, "1001", Intent.NotUnderstood, 1));
        var chineseCall = digits with { Summary = digits.Summary with { Language = Language.Zh } };
        Assert.Equal(Language.Zh, Assert.Single(UnsureTurns.Find(chineseCall, null, 0.5)).Language);
    }
}
