using CallCenter.Calls;
using CallCenter.Dialogue;

namespace CallCenter.Tests.Dialogue;

/// <summary>The dialogue policy: slots, references, topic switches, emotion-driven strategy, degradation. No cluster.</summary>
public sealed class DialogueBrainTests : IAsyncLifetime
{
    private readonly BrainHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_topic_switch_drops_the_pending_question_and_a_bare_number_is_an_order()
    {
        var call = _harness.NewCall();
        var ask = await _harness.SayAsync(call, "where's my stuff?");
        Assert.Equal(EntityTypes.OrderNumber, call.AwaitedSlot);
        Assert.Contains("order number", ask.Reply);

        var tv = await _harness.SayAsync(call, "actually, how much is the Nimbus TV?");
        Assert.Equal(Intent.ProductInfo, tv.Intent);
        Assert.Contains("$649.00", tv.Reply);
        Assert.Null(call.AwaitedSlot);

        var order = await _harness.SayAsync(call, "A1003");
        Assert.Equal(Intent.OrderStatus, order.Intent);
        Assert.Contains("hasn't shipped yet", order.Reply);
        Assert.Contains("December 1", order.Reply);
    }

    [Fact]
    public async Task An_identified_customer_with_several_open_orders_is_asked_which()
    {
        var call = _harness.NewCall(customerId: "C002");
        var ask = await _harness.SayAsync(call, "where is my order?");
        Assert.Contains("A1003", ask.Reply);
        Assert.Contains("A1004", ask.Reply);
        var answer = await _harness.SayAsync(call, "the second one");
        Assert.Contains("A1004", answer.Reply);
        Assert.Contains("FedEx", answer.Reply);
        Assert.Contains("weather", answer.Reply);
    }

    [Fact]
    public async Task A_choice_between_products_can_be_made_by_position_in_chinese()
    {
        var call = _harness.NewCall(Language.Zh);
        var ask = await _harness.SayAsync(call, "AeroBuds耳机多少钱");
        Assert.Equal(["P100", "P101"], call.Choices.Order());
        Assert.Contains("AeroBuds Pro 无线耳机", ask.Reply);
        Assert.Contains("AeroBuds Lite 无线耳机", ask.Reply);
        var first = (await _harness.Crm.GetProductAsync(call.Choices[0]))!;

        var picked = await _harness.SayAsync(call, "第一个");
        Assert.Equal(Intent.ProductInfo, picked.Intent);
        Assert.Contains(first.NameZh, picked.Reply);
        Assert.Contains($"{first.Price:0.00}美元", picked.Reply);
        Assert.Empty(call.Choices);
    }

    [Fact]
    public async Task A_phone_number_identifies_the_caller_mid_call()
    {
        var call = _harness.NewCall();
        var reply = await _harness.SayAsync(call, "my number is 555 0102");
        Assert.Equal("C005", call.CustomerId);
        Assert.Contains("Priya", reply.Reply);

        // Her only open order needs no number.
        var status = await _harness.SayAsync(call, "so when does my order arrive?");
        Assert.Contains("A1008", status.Reply);
    }

    [Fact]
    public async Task A_customer_without_open_orders_hears_about_the_latest_one()
    {
        var call = _harness.NewCall(Language.Zh, customerId: "C004");
        var reply = await _harness.SayAsync(call, "我的快递到哪了");
        Assert.Contains("A1006", reply.Reply);
        Assert.Contains("11月3日", reply.Reply);
    }

    [Fact]
    public async Task Declining_a_cancellation_keeps_the_order()
    {
        var call = _harness.NewCall();
        await _harness.SayAsync(call, "cancel order A1003");
        Assert.Equal(DialogueState.ConfirmationSlot, call.AwaitedSlot);
        var kept = await _harness.SayAsync(call, "no, keep it");
        Assert.Contains("won't cancel", kept.Reply);
        Assert.Equal("processing", (await _harness.Crm.GetOrderAsync("A1003"))!.Status);
    }

    [Fact]
    public async Task A_negative_mood_brings_apologies_and_then_the_offer_of_a_person()
    {
        var call = _harness.NewCall();
        var first = await _harness.SayAsync(call, "I'm so frustrated, nothing works and I'm really angry");
        Assert.True(call.Emotion.Score <= -0.3, $"score {call.Emotion.Score}");
        Assert.Contains("sorry", first.Reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("!", first.Reply);

        await _harness.SayAsync(call, "this is terrible, absolutely useless, I hate this!!!");
        Assert.True(call.HandoffOffered);
        var accept = await _harness.SayAsync(call, "yes");
        Assert.True(accept.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, call.Status);
    }

    [Fact]
    public async Task Policy_answers_come_from_the_crm_and_repeat_from_the_cache()
    {
        var call = _harness.NewCall(Language.Zh);
        var first = await _harness.SayAsync(call, "营业时间是几点到几点");
        Assert.Equal(Intent.PolicyQuestion, first.Intent);
        Assert.Contains("早8点至晚10点", first.Reply);
        var cached = _harness.Cache.Count;
        Assert.True(cached >= 1);

        _harness.Crm.Down = true;
        var second = await _harness.SayAsync(_harness.NewCall(Language.Zh), "营业时间是几点到几点");
        Assert.Equal(first.Reply, second.Reply); // served from the cache, the CRM was not asked
    }

    [Fact]
    public async Task When_the_crm_is_down_the_caller_hears_so_and_the_task_stays_open()
    {
        var call = _harness.NewCall();
        await _harness.SayAsync(call, "where is my order");
        _harness.Crm.Down = true;
        var down = await _harness.SayAsync(call, "A1001");
        Assert.Contains("can't reach our order system", down.Reply);
        _harness.Crm.Down = false;
        var up = await _harness.SayAsync(call, "A1001");
        Assert.Contains("UPS", up.Reply);
    }
}
