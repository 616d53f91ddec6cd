using System.Text.RegularExpressions;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Api;

/// <summary>Whole customer conversations through the real HTTP API, answered from the embedded CRM.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class ConversationTests(ApiHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task English_order_return_cancellation_product_and_handoff()
    {
        var call = await _api.StartAsync("en");
        Assert.Contains("help", call.Greeting, StringComparison.OrdinalIgnoreCase);

        var hello = await _api.SayAsync(call.CallId, "hi there");
        Assert.Equal(Intent.Greeting, hello.Intent);

        var status = await _api.SayAsync(call.CallId, "where's my package? the order number is A1001");
        Assert.Equal(Intent.OrderStatus, status.Intent);
        Assert.Contains(status.Entities, e => e is { Type: EntityTypes.OrderNumber, Value: "A1001" });
        Assert.Contains("UPS", status.Reply);
        Assert.Contains("1Z999AA10123456784", status.Reply);
        Assert.Contains("November 27", status.Reply);

        var firstReturn = await _api.SayAsync(call.CallId, "I'd like to send back order A1002 and get my money back");
        Assert.Equal(Intent.ReturnRequest, firstReturn.Intent);
        var rma = RmaPattern().Match(firstReturn.Reply).Value;
        Assert.StartsWith("RMA-A1002-", rma);

        var secondReturn = await _api.SayAsync(call.CallId, "can you start a return for A1002?");
        Assert.Equal(Intent.ReturnRequest, secondReturn.Intent);
        Assert.Equal(rma, RmaPattern().Match(secondReturn.Reply).Value);

        var expired = await _api.SayAsync(call.CallId, "and I want to return order A1009 too");
        Assert.Contains("30-day", expired.Reply);
        Assert.DoesNotMatch(RmaPattern(), expired.Reply);

        var cancel = await _api.SayAsync(call.CallId, "please cancel order A1001");
        Assert.Equal(Intent.CancelOrder, cancel.Intent);
        Assert.Contains("already shipped", cancel.Reply);

        var product = await _api.SayAsync(call.CallId, "do you have the trail runner shoes in stock? how much are they");
        Assert.Equal(Intent.ProductInfo, product.Intent);
        Assert.Contains("$89.90", product.Reply);
        Assert.Contains("120", product.Reply);

        var policy = await _api.SayAsync(call.CallId, "how long does shipping take?");
        Assert.Equal(Intent.PolicyQuestion, policy.Intent);
        Assert.Contains("3 to 5 business days", policy.Reply);

        var human = await _api.SayAsync(call.CallId, "ok can I talk to a real person please");
        Assert.Equal(Intent.HumanAgent, human.Intent);
        Assert.True(human.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, human.Status);

        var record = await _api.GetAsync(call.CallId);
        Assert.Equal(CallStatus.WaitingForAgent, record.Status);
        Assert.Equal(1 + 2 * 9, record.Turns.Length);
        Assert.Equal(9, record.EmotionCurve.Length);
        Assert.Contains(record.Turns, t => t.Intent == Intent.ReturnRequest && t.Entities.Any(e => e.Value == "A1002"));
    }

    [Fact]
    public async Task English_slot_filling_confirmation_and_references()
    {
        var call = await _api.StartAsync("en");
        var ask = await _api.SayAsync(call.CallId, "hey I need to cancel something I ordered");
        Assert.Equal(Intent.CancelOrder, ask.Intent);
        Assert.Contains("order number", ask.Reply);

        var confirm = await _api.SayAsync(call.CallId, "it's a 1 0 0 3");
        Assert.Equal(Intent.CancelOrder, confirm.Intent);
        Assert.Contains("A1003", confirm.Reply);
        Assert.Contains("yes or no", confirm.Reply);

        var done = await _api.SayAsync(call.CallId, "yes please");
        Assert.Equal(Intent.CancelOrder, done.Intent);
        Assert.Contains("cancelled", done.Reply);

        // "it" is the order just discussed.
        var again = await _api.SayAsync(call.CallId, "wait, what's the status of it now?");
        Assert.Equal(Intent.OrderStatus, again.Intent);
        Assert.Contains("A1003", again.Reply);
        Assert.Contains("was cancelled", again.Reply);

        // A topic switch in the middle, then back to products with a vague name.
        var ambiguous = await _api.SayAsync(call.CallId, "how much are the aerobuds");
        Assert.Equal(Intent.ProductInfo, ambiguous.Intent);
        Assert.Contains("AeroBuds Pro", ambiguous.Reply);
        Assert.Contains("AeroBuds Lite", ambiguous.Reply);

        var chosen = await _api.SayAsync(call.CallId, "the lite ones");
        Assert.Equal(Intent.ProductInfo, chosen.Intent);
        Assert.Contains("$59.00", chosen.Reply);
        Assert.Contains("out of stock", chosen.Reply);

        var bye = await _api.SayAsync(call.CallId, "thanks, bye");
        Assert.Equal(CallStatus.Ended, bye.Status);
        Assert.Equal(CallOutcome.ResolvedByAi, (await _api.GetAsync(call.CallId)).Outcome);
    }

    [Fact]
    public async Task Angry_english_customer_gets_apology_then_urgent_handoff()
    {
        var call = await _api.StartAsync("en");
        var upset = await _api.SayAsync(call.CallId, "My order A1004 is STILL not here!!! This is absolutely ridiculous, worst service ever");
        Assert.True(upset.Emotion.Score < -0.3, $"score {upset.Emotion.Score}");
        Assert.Contains("sorry", upset.Reply, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("weather", upset.Reply); // the delay reason comes from the CRM record
        Assert.False(upset.Urgent);

        var threat = await _api.SayAsync(call.CallId, "I'm calling my lawyer, this is fraud");
        Assert.True(threat.Urgent);
        Assert.True(threat.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, threat.Status);
        Assert.True(threat.Emotion.Trend <= 0);

        var record = await _api.GetAsync(call.CallId);
        Assert.True(record.Urgent);
        Assert.StartsWith("urgent", record.HandoffReason);
    }

    [Fact]
    public async Task Chinese_order_return_cancellation_product_and_handoff()
    {
        var call = await _api.StartAsync("zh");
        Assert.Contains("您好", call.Greeting);

        var status = await _api.SayAsync(call.CallId, "我的订单A1005到哪了？");
        Assert.Equal(Intent.OrderStatus, status.Intent);
        Assert.Equal(Language.Zh, status.Language);
        Assert.Contains("SF Express", status.Reply);
        Assert.Contains("SF1234567890123", status.Reply);

        var firstReturn = await _api.SayAsync(call.CallId, "订单一零零六我想退货");
        Assert.Equal(Intent.ReturnRequest, firstReturn.Intent);
        var rma = RmaPattern().Match(firstReturn.Reply).Value;
        Assert.StartsWith("RMA-A1006-", rma);

        var again = await _api.SayAsync(call.CallId, "那个订单再帮我申请一次退货");
        Assert.Equal(Intent.ReturnRequest, again.Intent);
        Assert.Equal(rma, RmaPattern().Match(again.Reply).Value);

        var cancel = await _api.SayAsync(call.CallId, "帮我取消订单A1005");
        Assert.Equal(Intent.CancelOrder, cancel.Intent);
        Assert.Contains("无法取消", cancel.Reply);

        var product = await _api.SayAsync(call.CallId, "智能手表还有货吗？多少钱");
        Assert.Equal(Intent.ProductInfo, product.Intent);
        Assert.Contains("199.00美元", product.Reply);
        Assert.Contains("15", product.Reply);

        var policy = await _api.SayAsync(call.CallId, "你们的保修政策是什么");
        Assert.Equal(Intent.PolicyQuestion, policy.Intent);
        Assert.Contains("一年有限保修", policy.Reply);

        var human = await _api.SayAsync(call.CallId, "转人工");
        Assert.True(human.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, human.Status);
    }

    [Fact]
    public async Task Chinese_slot_filling_and_confirmed_cancellation()
    {
        var call = await _api.StartAsync("zh");
        var ask = await _api.SayAsync(call.CallId, "我想取消一个订单");
        Assert.Equal(Intent.CancelOrder, ask.Intent);
        Assert.Contains("订单号", ask.Reply);

        var confirm = await _api.SayAsync(call.CallId, "订单号是A一零零八");
        Assert.Contains("A1008", confirm.Reply);

        var done = await _api.SayAsync(call.CallId, "是的");
        Assert.Contains("已为您取消订单 A1008", done.Reply);
    }

    [Fact]
    public async Task Angry_chinese_customer_is_marked_urgent()
    {
        var call = await _api.StartAsync("zh");
        var angry = await _api.SayAsync(call.CallId, "你们的服务太差了！！我非常生气，我要投诉！");
        Assert.True(angry.Emotion.Score < -0.3, $"score {angry.Emotion.Score}");
        Assert.True(angry.Urgent);
        Assert.True(angry.Handoff);
    }

    [Fact]
    public async Task Language_is_detected_when_not_given_and_follows_the_caller()
    {
        var call = await _api.StartAsync();
        Assert.Equal(Language.En, call.Language);
        var zh = await _api.SayAsync(call.CallId, "你好，我想查一下订单A1001");
        Assert.Equal(Language.Zh, zh.Language);
        Assert.Contains("UPS", zh.Reply);
        Assert.Contains("订单", zh.Reply);
    }

    [Fact]
    public async Task Gibberish_gets_a_clarifying_question_then_a_person()
    {
        var call = await _api.StartAsync("en");
        var first = await _api.SayAsync(call.CallId, "blorp zzkt wibble");
        Assert.Equal(Intent.NotUnderstood, first.Intent);
        Assert.Contains("?", first.Reply);
        await _api.SayAsync(call.CallId, "flibber quonk");
        var third = await _api.SayAsync(call.CallId, "grmbl snorf");
        Assert.True(third.Handoff);
    }

    [GeneratedRegex(@"RMA-[A-Z0-9]+-[A-Z0-9]{4}")]
    private static partial Regex RmaPattern();
}
