using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Llm;
using CallCenter.Llm.Tools;
using CallCenter.Tests.Dialogue;

namespace CallCenter.Tests.Llm;

/// <summary>The e-commerce tools against the demo CRM: what the model is told, and what is (not) done to the orders.</summary>
public sealed class CommerceToolsTests : IAsyncLifetime
{
    private readonly BrainHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private ToolContext Context(Language language = Language.En, CallFacts? facts = null) =>
        ToolRun.Context(_harness.Crm, facts ?? ToolRun.Facts(), language);

    [Theory]
    [InlineData("a1001")]
    [InlineData("A-1001")]
    [InlineData("order 1001")]
    public async Task An_order_number_as_said_is_the_CRM_order(string said)
    {
        var context = Context();

        var result = await context.RunAsync(CommerceTools.GetOrderStatus, JsonSerializer.Serialize(new { order_number = said }));

        var order = (await _harness.Crm.GetOrderAsync("A1001"))!;
        Assert.True(result.GetProperty("found").GetBoolean());
        Assert.Equal("A1001", result.GetProperty("order_number").GetString());
        Assert.Equal(order.Status, result.GetProperty("status").GetString());
        Assert.Equal(order.Tracking, result.GetProperty("tracking").GetString());
        Assert.Equal(order.Items.Select(i => i.Name), result.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(new CallAction(CallActionKind.FocusOrder, Value: "A1001"), Assert.Single(context.Actions));
        Assert.Equal("A1001", context.Facts.FocusOrderId);
        Assert.True(context.CallerSpecific);
    }

    [Fact]
    public async Task Item_names_follow_the_caller_language()
    {
        var result = await Context(Language.Zh).RunAsync(CommerceTools.GetOrderStatus, """{"order_number":"A1001"}""");
        var order = (await _harness.Crm.GetOrderAsync("A1001"))!;
        Assert.Equal(order.Items.Select(i => i.NameZh), result.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task An_unknown_order_is_not_found_and_not_focused()
    {
        var context = Context();
        var result = await context.RunAsync(CommerceTools.GetOrderStatus, """{"order_number":"Z9999"}""");
        Assert.False(result.GetProperty("found").GetBoolean());
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task Cancelling_without_confirmation_leaves_the_order_alone()
    {
        var context = Context();
        var before = (await _harness.Crm.GetOrderAsync("A1003"))!;
        Assert.Equal(OrderStatuses.Processing, before.Status);

        var result = await context.RunAsync(CommerceTools.CancelOrder, """{"order_number":"a1003","confirmed":false}""");

        Assert.Contains("confirm", result.Error());
        Assert.Contains("A1003", result.Error());
        Assert.Equal(OrderStatuses.Processing, (await _harness.Crm.GetOrderAsync("A1003"))!.Status);
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task Cancelling_with_confirmation_cancels_an_order_that_has_not_shipped()
    {
        var context = Context();

        var result = await context.RunAsync(CommerceTools.CancelOrder, """{"order_number":"A1003","confirmed":true}""");

        Assert.True(result.GetProperty("cancelled").GetBoolean());
        Assert.Equal(OrderStatuses.Cancelled, (await _harness.Crm.GetOrderAsync("A1003"))!.Status);
        Assert.Equal(new CallAction(CallActionKind.FocusOrder, Value: "A1003"), Assert.Single(context.Actions));
    }

    [Fact]
    public async Task A_shipped_order_is_not_cancelled_and_the_model_is_told_why()
    {
        var result = await Context().RunAsync(CommerceTools.CancelOrder, """{"order_number":"A1001","confirmed":true}""");

        Assert.False(result.GetProperty("cancelled").GetBoolean());
        Assert.Equal(nameof(CrmRefusal.AlreadyShipped), result.GetProperty("refusal").GetString());
        Assert.Equal(OrderStatuses.Shipped, (await _harness.Crm.GetOrderAsync("A1001"))!.Status);
    }

    [Fact]
    public async Task The_policy_is_answered_in_the_callers_language()
    {
        var returns = (await _harness.Crm.GetPoliciesAsync()).Single(p => p.Topic == PolicyTopics.Returns);

        var zh = await Context(Language.Zh).RunAsync(CommerceTools.PolicyAnswer, """{"topic":"returns"}""");
        var en = await Context(Language.En).RunAsync(CommerceTools.PolicyAnswer, """{"topic":"returns"}""");

        Assert.True(zh.GetProperty("found").GetBoolean());
        Assert.Equal(returns.Zh, zh.GetProperty("text").GetString());
        Assert.Contains("退货", zh.GetProperty("text").GetString());
        Assert.Equal(returns.En, en.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_policy_answer_is_not_caller_specific()
    {
        var context = Context();
        await context.RunAsync(CommerceTools.PolicyAnswer, """{"topic":"shipping"}""");
        Assert.False(context.CallerSpecific);
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task The_caller_is_looked_up_by_the_number_they_call_from()
    {
        var customer = (await _harness.Crm.GetCustomerAsync("C002"))!;
        var context = Context(facts: ToolRun.Facts() with { CallerPhone = customer.Phone });

        var result = await context.RunAsync(CommerceTools.LookupCustomer);

        Assert.True(result.GetProperty("found").GetBoolean());
        Assert.Equal("C002", result.GetProperty("customer_id").GetString());
        Assert.Equal(["A1003", "A1004"], result.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order_number").GetString()).Order());
        Assert.Equal(new CallAction(CallActionKind.FocusCustomer, Reason: customer.Name, Value: "C002"), Assert.Single(context.Actions));
        Assert.Equal("C002", context.Facts.CustomerId);
    }

    [Fact]
    public async Task Without_any_phone_number_the_model_is_told_to_ask()
    {
        var context = Context();
        Assert.Contains("phone number", (await context.RunAsync(CommerceTools.LookupCustomer)).Error());
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task A_product_is_found_by_what_the_caller_calls_it()
    {
        var tv = (await _harness.Crm.GetProductAsync("P200"))!;

        var result = await Context().RunAsync(CommerceTools.ProductInfo, """{"product":"the Nimbus TV"}""");

        Assert.True(result.GetProperty("found").GetBoolean());
        var product = Assert.Single(result.GetProperty("products").EnumerateArray());
        Assert.Equal("P200", product.GetProperty("sku").GetString());
        Assert.Equal(tv.Price, product.GetProperty("price").GetDecimal());
        Assert.Equal(tv.Stock, product.GetProperty("in_stock").GetInt32());
    }

    [Fact]
    public async Task The_call_tools_only_ask_the_call_to_act()
    {
        var context = Context();
        await context.RunAsync(CallControlTools.TransferToHuman, """{"reason":"asked for a person","summary":"Order A1004 is late."}""");
        await context.RunAsync(CallControlTools.AlertSupervisor, """{"reason":"legal threat"}""");
        await context.RunAsync(CallControlTools.EndCall, "");

        Assert.Equal(
            [
                new CallAction(CallActionKind.TransferToHuman, "asked for a person", "Order A1004 is late."),
                new CallAction(CallActionKind.AlertSupervisor, "legal threat"),
                new CallAction(CallActionKind.EndCall),
            ],
            context.Actions);
    }
}
