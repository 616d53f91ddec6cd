using System.Text.Json;
using CallCenter.Crm;
using CallCenter.Llm.Tools;

namespace CallCenter.Tests.Llm;

/// <summary>The model's tool arguments checked against the tool's schema before anything runs, and the schema it is sent.</summary>
public sealed class ModelToolTests
{
    private static string Problem(ModelTool tool, string json)
    {
        var (arguments, problem) = tool.Validate(json);
        Assert.Null(arguments);
        Assert.NotNull(problem);
        return problem;
    }

    private static ToolArguments Valid(ModelTool tool, string json)
    {
        var (arguments, problem) = tool.Validate(json);
        Assert.Null(problem);
        return Assert.IsType<ToolArguments>(arguments);
    }

    [Fact]
    public void Valid_arguments_are_accepted_and_read_trimmed()
    {
        var order = Valid(CommerceTools.GetOrderStatus, """{"order_number":" A1001 "}""");
        Assert.Equal("A1001", order.String("order_number"));

        var cancel = Valid(CommerceTools.CancelOrder, """{"order_number":"A1003","confirmed":true}""");
        Assert.True(cancel.Bool("confirmed"));

        var policy = Valid(CommerceTools.PolicyAnswer, """{"topic":"warranty"}""");
        Assert.Equal(PolicyTopics.Warranty, policy.String("topic"));
    }

    [Fact]
    public void An_optional_argument_may_be_left_out_or_null()
    {
        Assert.Null(Valid(CommerceTools.LookupCustomer, "{}").OptionalString("phone"));
        Assert.Null(Valid(CommerceTools.LookupCustomer, """{"phone":null}""").OptionalString("phone"));
        Assert.Null(Valid(CommerceTools.StartReturn, """{"order_number":"A1002"}""").OptionalString("reason"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"order_number":null}""")]
    public void A_missing_required_argument_is_named(string json) =>
        Assert.Equal("The argument 'order_number' is required.", Problem(CommerceTools.GetOrderStatus, json));

    [Fact]
    public void Confirmation_is_required_to_cancel()
    {
        var problem = Problem(CommerceTools.CancelOrder, """{"order_number":"A1003"}""");
        Assert.Contains("'confirmed'", problem);
        Assert.Contains("required", problem);
    }

    [Fact]
    public void A_number_where_a_string_belongs_is_refused()
    {
        var problem = Problem(CommerceTools.GetOrderStatus, """{"order_number":1001}""");
        Assert.Contains("'order_number' must be a string", problem);
        Assert.Contains("number", problem);
    }

    [Theory]
    [InlineData("\"true\"", "string")]
    [InlineData("1", "number")]
    public void Anything_but_true_or_false_for_a_boolean_is_refused(string confirmed, string kind)
    {
        var problem = Problem(CommerceTools.CancelOrder, $$"""{"order_number":"A1003","confirmed":{{confirmed}}}""");
        Assert.Equal($"'confirmed' must be a boolean, not {kind}.", problem);
    }

    [Fact]
    public void An_unknown_argument_is_refused_with_the_ones_the_tool_takes()
    {
        var problem = Problem(CommerceTools.GetOrderStatus, """{"order_number":"A1001","include_history":true}""");
        Assert.Contains("Unknown argument 'include_history'", problem);
        Assert.Contains("order_number", problem);
    }

    [Fact]
    public void A_topic_outside_the_list_is_refused_with_the_list()
    {
        var problem = Problem(CommerceTools.PolicyAnswer, """{"topic":"refunds"}""");
        Assert.Contains("'topic' must be one of", problem);
        Assert.All(PolicyTopics.All, topic => Assert.Contains(topic, problem));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_string_is_refused(string value) =>
        Assert.Equal("'order_number' is empty.", Problem(CommerceTools.GetOrderStatus, $$"""{"order_number":"{{value}}"}"""));

    [Fact]
    public void A_string_longer_than_its_limit_is_refused()
    {
        Valid(CommerceTools.GetOrderStatus, JsonSerializer.Serialize(new { order_number = new string('A', 200) }));
        Assert.Equal("'order_number' is longer than 200 characters.",
            Problem(CommerceTools.GetOrderStatus, JsonSerializer.Serialize(new { order_number = new string('A', 201) })));
        Assert.Contains("longer than 24", Problem(FinanceTools.FreezeCard, """{"last4":"4111 1111 1111 1111 1111 1"}"""));
    }

    [Theory]
    [InlineData("order_number: A1001")]
    [InlineData("""{"order_number":"A1001" """)]
    [InlineData("""{'order_number':'A1001'}""")]
    public void Arguments_that_are_not_JSON_are_refused(string json) =>
        Assert.StartsWith("The arguments are not valid JSON", Problem(CommerceTools.GetOrderStatus, json));

    [Theory]
    [InlineData("""["A1001"]""")]
    [InlineData("\"A1001\"")]
    [InlineData("null")]
    public void Arguments_must_be_an_object(string json) =>
        Assert.Equal("The arguments must be a JSON object.", Problem(CommerceTools.GetOrderStatus, json));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("{}")]
    public void A_tool_without_parameters_takes_empty_arguments(string json) => Valid(CallControlTools.EndCall, json);

    [Fact]
    public void A_tool_without_parameters_refuses_any_argument()
    {
        var problem = Problem(CallControlTools.EndCall, """{"reason":"done"}""");
        Assert.Contains("Unknown argument 'reason'", problem);
        Assert.Contains("no arguments", problem);
    }

    [Fact]
    public void The_schema_lists_required_parameters_and_forbids_others()
    {
        var tool = CommerceTools.StartReturn.ToChatTool();
        Assert.Equal("start_return", tool.FunctionName);
        Assert.Equal(CommerceTools.StartReturn.Description, tool.FunctionDescription);

        using var schema = JsonDocument.Parse(tool.FunctionParameters.ToString());
        var root = schema.RootElement;
        Assert.Equal("object", root.GetProperty("type").GetString());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["order_number"], root.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var properties = root.GetProperty("properties");
        Assert.Equal(["order_number", "reason"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal("string", properties.GetProperty("reason").GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(properties.GetProperty("order_number").GetProperty("description").GetString()));
    }

    [Fact]
    public void The_schema_carries_the_allowed_values_and_types()
    {
        using var policy = JsonDocument.Parse(CommerceTools.PolicyAnswer.ToChatTool().FunctionParameters.ToString());
        Assert.Equal(PolicyTopics.All,
            policy.RootElement.GetProperty("properties").GetProperty("topic").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));

        using var cancel = JsonDocument.Parse(CommerceTools.CancelOrder.ToChatTool().FunctionParameters.ToString());
        Assert.Equal("boolean", cancel.RootElement.GetProperty("properties").GetProperty("confirmed").GetProperty("type").GetString());
        Assert.Equal(["order_number", "confirmed"], cancel.RootElement.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void A_tool_without_parameters_has_an_empty_object_schema()
    {
        using var schema = JsonDocument.Parse(CallControlTools.EndCall.ToChatTool().FunctionParameters.ToString());
        Assert.Empty(schema.RootElement.GetProperty("properties").EnumerateObject());
        Assert.Empty(schema.RootElement.GetProperty("required").EnumerateArray());
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }
}
