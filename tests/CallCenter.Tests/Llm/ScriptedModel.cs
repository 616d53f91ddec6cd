using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.FakeOpenAi;

namespace CallCenter.Tests.Llm;

/// <summary>
/// A stand-in for a real model, enough to hold a store conversation: it picks tools from what the caller said and
/// words its answer only from what the tools returned, in the language the system prompt asks for. The tests then
/// check that the facts reaching the caller are the CRM's, carried through the engine's tool plumbing.
/// </summary>
public static partial class ScriptedModel
{
    /// <summary>Answers in the reply format the prompt asks for: "[sure] words {intent, emotion}".</summary>
    public static ModelResponse Respond(ModelCall call) => Respond(call, fastForm: true);

    public static ModelResponse Respond(ModelCall call, bool fastForm)
    {
        var response = RespondLeadingMeta(call);
        return fastForm && response is ModelResponse.Answer { Text: ['{', ..] } answer ? answer with { Text = FastForm(answer.Text) } : response;
    }

    /// <summary>"{...,"sure":true} words" as "[sure] words {...}".</summary>
    private static string FastForm(string leading)
    {
        var end = leading.IndexOf('}') + 1;
        using var meta = JsonDocument.Parse(leading[..end]);
        var sure = !meta.RootElement.TryGetProperty("sure", out var s) || s.GetBoolean();
        var closing = JsonSerializer.Serialize(new
        {
            intent = meta.RootElement.GetProperty("intent").GetString(),
            emotion = meta.RootElement.GetProperty("emotion").GetDouble(),
        });
        return $"[{(sure ? "sure" : "unsure")}] {leading[end..].Trim()} {closing}";
    }

    private static ModelResponse RespondLeadingMeta(ModelCall call)
    {
        var zh = call.SystemPrompt.Contains("Simplified Chinese", StringComparison.Ordinal);
        if (call.ToolResults.Count > 0)
        {
            return ModelResponse.Say(FromTools(call.ToolResults, zh));
        }

        var said = call.LastUserText;
        var lower = said.ToLowerInvariant();
        if (OrderNumber().Match(said) is { Success: true } order)
        {
            var confirmed = lower.Contains("yes") || said.Contains("确认");
            return lower.Contains("cancel") || said.Contains("取消")
                ? ModelResponse.Call(new ToolCall("cancel_order", $$"""{"order_number":"{{order.Value}}","confirmed":{{(confirmed ? "true" : "false")}}}"""))
                : ModelResponse.Call(new ToolCall("get_order_status", $$"""{"order_number":"{{order.Value}}"}"""));
        }

        if (lower.Contains("person") || lower.Contains("human") || said.Contains("人工"))
        {
            return ModelResponse.Call(new ToolCall("transfer_to_human", """{"reason":"caller asked for a person","summary":"The caller wants to speak to an agent."}"""));
        }

        if (lower.Contains("return policy") || said.Contains("退货政策"))
        {
            return ModelResponse.Call(new ToolCall("policy_answer", """{"topic":"returns"}"""));
        }

        if (lower.Contains("who am i") || said.Contains("我是谁"))
        {
            return ModelResponse.Call(new ToolCall("lookup_customer", "{}"));
        }

        return ModelResponse.Say(zh
            ? """{"intent":"not_understood","emotion":0,"sure":true} 请问有什么可以帮您？"""
            : """{"intent":"not_understood","emotion":0,"sure":true} How can I help you today?""");
    }

    private static string FromTools(IReadOnlyList<(string Name, JsonElement Result)> results, bool zh)
    {
        var (name, result) = results[^1];
        if (result.TryGetProperty("error", out var error))
        {
            return Meta("not_understood") + (zh ? "抱歉，" : "Sorry, ") + error.GetString();
        }

        return name switch
        {
            "get_order_status" when result.GetProperty("found").GetBoolean() => Meta("order_status") + (zh
                ? $"您的订单{S(result, "order_number")}状态是{S(result, "status")}。承运商是{S(result, "carrier")}。"
                : $"Your order {S(result, "order_number")} is {S(result, "status")}. It travels with {S(result, "carrier")}, expected {S(result, "eta")}."),
            "get_order_status" => Meta("order_status") + (zh ? "没有找到这个订单。" : "I could not find that order."),
            "cancel_order" when result.GetProperty("cancelled").GetBoolean() => Meta("cancel_order") + (zh ? "订单已取消。" : "Your order is cancelled."),
            "cancel_order" => Meta("cancel_order") + (zh ? "无法取消：" : "It cannot be cancelled: ") + S(result, "refusal") + ".",
            "policy_answer" => Meta("policy_question") + S(result, "text"),
            "lookup_customer" when result.GetProperty("found").GetBoolean() => Meta("provide_info") + $"You are {S(result, "name")}.",
            "transfer_to_human" => Meta("human_agent") + (zh ? "正在为您转接人工客服。" : "I'm connecting you to a colleague now."),
            _ => Meta("not_understood") + "Done.",
        };
    }

    private static string Meta(string intent) => $$"""{"intent":"{{intent}}","emotion":0.1,"sure":true} """;

    private static string S(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]\d{4}(?!\d)")]
    private static partial Regex OrderNumber();
}
