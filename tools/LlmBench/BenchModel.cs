using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.FakeOpenAi;

namespace CallCenter.LlmBench;

/// <summary>
/// The fake model's side of a benchmark turn, as a real model would play an order-status question: first a
/// <c>get_order_status</c> tool call with the order number the caller gave, then, once the engine has sent the tool's
/// result, the answer in the reply format the prompt asks for: "[sure]", two sentences worded from that result, and the
/// closing JSON object. Each request waits the configured time before its first chunk; the answer then streams a few
/// characters a chunk.
/// </summary>
public sealed partial class BenchModel(BenchOptions options)
{
    /// <summary>The reply format's closing object, read by the engine (never spoken).</summary>
    public const string Meta = """ {"intent":"order_status","emotion":0}""";

    private TimeSpan Thinking => TimeSpan.FromMilliseconds(options.ModelDelayMs);

    private TimeSpan Interval => TimeSpan.FromMilliseconds(options.ChunkMs);

    public ModelResponse Respond(ModelCall call)
    {
        if (call.ToolResults.Count == 0)
        {
            var order = OrderNumber().Match(call.LastUserText);
            if (!order.Success)
            {
                return Answer(Meta.Replace("order_status", "not_understood"), "Which order is it about? Please give me its number.");
            }

            return new ModelResponse.Answer("", [new ToolCall("get_order_status", $$"""{"order_number":"{{order.Value}}"}""")], Thinking, Interval,
                PromptTokens: 900, CompletionTokens: 20);
        }

        var result = call.ToolResults[^1].Result;
        var id = Field(result, "order_number");
        var words = !result.TryGetProperty("found", out var found) || found.ValueKind != JsonValueKind.True
            ? $"Sorry, I can't find order {id}. Could you check the number on your confirmation e-mail?"
            : Field(result, "delivered") is { Length: > 0 } delivered
                ? $"Your order {id} was delivered on {delivered}. Is there anything else I can help you with?"
                : $"Your order {id} is {Field(result, "status")}. It should arrive by {Field(result, "eta")}.";
        return Answer(Meta, words);
    }

    /// <summary>The order number the answer of this request is about (from the tool's result), if it is an answer.</summary>
    public static string? AnswerFor(ModelCall call) =>
        call.ToolResults.Count > 0 ? Field(call.ToolResults[^1].Result, "order_number") : null;

    /// <summary>The answer <see cref="BenchOptions.ChunkChars"/> characters a chunk, as a model writes it.</summary>
    private ModelResponse.Answer Answer(string meta, string words)
    {
        var text = "[sure] " + words + meta;
        var pieces = new List<string>();
        for (var i = 0; i < text.Length; i += options.ChunkChars)
        {
            pieces.Add(text.Substring(i, Math.Min(options.ChunkChars, text.Length - i)));
        }

        return new ModelResponse.Answer(text, [], Thinking, Interval, PromptTokens: 1000, CompletionTokens: 40, Pieces: pieces);
    }

    private static string Field(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value.ToString() : "";

    [GeneratedRegex(@"\b[A-Z]\d{4,12}\b")]
    private static partial Regex OrderNumber();
}
