using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Llm;

/// <summary>
/// Scripted conversations answered by the language model through the CRM tools, in English and Chinese, once per
/// client path (OpenAI-compatible and Azure OpenAI): the facts the caller gets are the CRM's, carried by tool calls
/// whose arguments stream in pieces.
/// </summary>
public abstract class ModelConversationTests(ModelHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    private ICrmGrain Crm => host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICrmGrain>(CrmGrainKeys.Default);

    [Fact]
    public async Task An_order_question_is_answered_from_the_crm_through_a_tool()
    {
        var call = await _api.StartAsync("en", customerPhone: "+15550100");
        var calls = host.Model.Calls.Count;
        var turn = await _api.SayAsync(call.CallId, "hey so where's my stuff, order A1001?");

        var order = (await Crm.GetOrderAsync("A1001"))!;
        Assert.Equal("model:small", turn.Brain);
        Assert.Contains(order.Status, turn.Reply);
        Assert.Contains(order.Carrier!, turn.Reply);
        Assert.Contains(order.Eta!.Value.ToString("yyyy-MM-dd"), turn.Reply);
        Assert.Equal(Intent.OrderStatus, turn.Intent);
        Assert.DoesNotContain("{", turn.Reply); // the meta object is never said

        // Two model calls: the tool call, then the answer from its result; both on this client path's wire format.
        var requests = host.Model.Calls.Skip(calls).ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.True(r.Stream));
        Assert.Contains("get_order_status", requests[0].ToolNames);
        Assert.Equal("get_order_status", requests[1].ToolResults.Single().Name);
        if (host.Provider == "Azure")
        {
            Assert.All(requests, r => Assert.Equal(("small-model", "test-key", null), (r.Deployment, r.ApiKey, r.Authorization)));
            Assert.All(requests, r => Assert.False(string.IsNullOrEmpty(r.ApiVersion)));
        }
        else
        {
            Assert.All(requests, r => Assert.Equal(("small-model", "Bearer test-key"), (r.Model, r.Authorization)));
        }

        var record = await _api.GetAsync(call.CallId);
        Assert.Equal("model:small", record.Turns[^1].Brain);
        Assert.Equal("A1001", record.Slots[EntityTypes.OrderNumber]);
        Assert.True(record.Usage.SmallPromptTokens > 0 && record.Usage.Cost > 0);
    }

    [Fact]
    public async Task A_chinese_caller_is_answered_in_chinese_from_the_crm()
    {
        var call = await _api.StartAsync("zh", customerPhone: "+8613800000001");
        var turn = await _api.SayAsync(call.CallId, "我的订单A1005到哪里了？");

        var order = (await Crm.GetOrderAsync("A1005"))!;
        Assert.Equal(Language.Zh, turn.Language);
        Assert.Contains("您的订单A1005", turn.Reply);
        Assert.Contains(order.Status, turn.Reply);
        Assert.Contains(order.Carrier!, turn.Reply);
        Assert.Contains("Simplified Chinese", host.Model.Calls.Last().SystemPrompt);
    }

    [Fact]
    public async Task A_cancellation_needs_the_callers_confirmation_and_then_happens_in_the_crm()
    {
        var call = await _api.StartAsync("en", customerPhone: "+15550102");
        var first = await _api.SayAsync(call.CallId, "cancel order A1008");
        Assert.Contains("confirm", first.Reply);
        Assert.Equal(OrderStatuses.Processing, (await Crm.GetOrderAsync("A1008"))!.Status);

        var second = await _api.SayAsync(call.CallId, "yes, cancel A1008");
        Assert.Contains("cancelled", second.Reply);
        Assert.Equal(OrderStatuses.Cancelled, (await Crm.GetOrderAsync("A1008"))!.Status);
    }

    [Fact]
    public async Task Asking_for_a_person_transfers_the_call_with_the_models_summary()
    {
        var call = await _api.StartAsync("en");
        var turn = await _api.SayAsync(call.CallId, "I want to talk to a real person");

        Assert.True(turn.Handoff);
        Assert.Equal(CallStatus.WaitingForAgent, turn.Status);
        Assert.Contains("colleague", turn.Reply);
        var record = await _api.GetAsync(call.CallId);
        Assert.Equal("caller asked for a person", record.HandoffReason);
    }
}

[Collection(OpenAiModelCollection.Name)]
public sealed class OpenAiModelConversationTests(OpenAiModelHostFixture host) : ModelConversationTests(host);

[Collection(AzureModelCollection.Name)]
public sealed class AzureModelConversationTests(AzureModelHostFixture host) : ModelConversationTests(host);
