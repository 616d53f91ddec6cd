using CallCenter.Calls;
using CallCenter.Dialogue;
using CallCenter.Llm;

namespace CallCenter.Tests.Llm;

/// <summary>Which model answers a turn: the small one unless the turn or the call is hard.</summary>
public sealed class TierPolicyTests
{
    private const double Threshold = -0.3;

    private static readonly LlmOptions BothModels = new()
    {
        Small = new() { Model = "gpt-4o-mini" },
        Large = new() { Model = "gpt-4o" },
        LargeModelWords = 40,
    };

    private static DialogueState Call() => new() { Language = Language.En, Status = CallStatus.Active };

    private static ModelTier Choose(DialogueState state, string text, int orders = 0, LlmOptions? options = null) =>
        TierPolicy.Choose(options ?? BothModels, state, text, orders, Threshold);

    private static string Words(int count) => string.Join(' ', Enumerable.Repeat("word", count));

    [Fact]
    public void A_simple_turn_goes_to_the_small_model() =>
        Assert.Equal(ModelTier.Small, Choose(Call(), "Where is my order A1001?", orders: 1));

    [Fact]
    public void A_long_turn_goes_to_the_large_model()
    {
        Assert.Equal(ModelTier.Small, Choose(Call(), Words(39)));
        Assert.Equal(ModelTier.Large, Choose(Call(), Words(40)));
        Assert.Equal(ModelTier.Small, Choose(Call(), Words(40), options: new LlmOptions { Small = BothModels.Small, Large = BothModels.Large, LargeModelWords = 41 }));
    }

    [Fact]
    public void A_long_chinese_turn_counts_two_characters_a_word()
    {
        Assert.Equal(ModelTier.Small, Choose(Call(), new string('订', 76)));
        Assert.Equal(ModelTier.Large, Choose(Call(), new string('订', 80)));
    }

    [Fact]
    public void Two_order_numbers_in_one_turn_go_to_the_large_model() =>
        Assert.Equal(ModelTier.Large, Choose(Call(), "Merge A1001 and A1003 please", orders: 2));

    [Fact]
    public void A_second_complaint_goes_to_the_large_model()
    {
        Assert.Equal(ModelTier.Small, Choose(new DialogueState { Complaints = 1 }, "This is bad."));
        Assert.Equal(ModelTier.Large, Choose(new DialogueState { Complaints = 2 }, "This is bad."));
    }

    [Theory]
    [InlineData(-0.29, ModelTier.Small)]
    [InlineData(-0.3, ModelTier.Large)]
    [InlineData(-0.9, ModelTier.Large)]
    public void An_upset_caller_goes_to_the_large_model_at_or_below_the_threshold(double score, ModelTier expected) =>
        Assert.Equal(expected, Choose(new DialogueState { Emotion = new EmotionState(score, 0) }, "Okay."));

    [Fact]
    public void Once_escalated_the_call_stays_with_the_large_model() =>
        Assert.Equal(ModelTier.Large, Choose(new DialogueState { ModelEscalated = true }, "Thanks."));

    [Fact]
    public void Without_a_large_model_everything_goes_to_the_small_one()
    {
        var smallOnly = new LlmOptions { Small = new() { Model = "llama3" } };
        var hard = new DialogueState { ModelEscalated = true, Complaints = 5, Emotion = new EmotionState(-1, -1) };
        Assert.Equal(ModelTier.Small, Choose(hard, Words(100), orders: 3, options: smallOnly));
    }
}
