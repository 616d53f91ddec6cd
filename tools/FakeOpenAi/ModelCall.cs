using System.Text.Json;

namespace CallCenter.FakeOpenAi;

/// <summary>One chat-completions request as the server received it: where it went, how it authenticated, what it asked.</summary>
public sealed record ModelCall(string Path, string? Deployment, string? ApiVersion, string? Authorization, string? ApiKey, JsonElement Body)
{
    public string? Model => Body.TryGetProperty("model", out var m) ? m.GetString() : null;

    public bool Stream => Body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    public IReadOnlyList<JsonElement> Messages => [.. Body.GetProperty("messages").EnumerateArray()];

    public IReadOnlyList<string> ToolNames => Body.TryGetProperty("tools", out var tools)
        ? [.. tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!)]
        : [];

    public string SystemPrompt => string.Join("\n", Messages.Where(m => Role(m) == "system").Select(Content));

    /// <summary>The caller's latest words.</summary>
    public string LastUserText => Messages.LastOrDefault(m => Role(m) == "user") is { ValueKind: JsonValueKind.Object } m ? Content(m) : "";

    /// <summary>The results of the tool calls answered since the last assistant message with tool calls, in order.</summary>
    public IReadOnlyList<(string Name, JsonElement Result)> ToolResults
    {
        get
        {
            var messages = Messages;
            var results = new List<(string, JsonElement)>();
            for (var i = messages.Count - 1; i >= 0 && Role(messages[i]) == "tool"; i--)
            {
                var id = messages[i].GetProperty("tool_call_id").GetString();
                var name = messages.Take(i).Where(m => Role(m) == "assistant" && m.TryGetProperty("tool_calls", out _))
                    .SelectMany(m => m.GetProperty("tool_calls").EnumerateArray())
                    .FirstOrDefault(c => c.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } call
                    ? call.GetProperty("function").GetProperty("name").GetString()! : "?";
                using var result = JsonDocument.Parse(Content(messages[i]));
                results.Insert(0, (name, result.RootElement.Clone()));
            }

            return results;
        }
    }

    public static string Role(JsonElement message) => message.GetProperty("role").GetString()!;

    /// <summary>Message content, whether sent as a string or as an array of text parts.</summary>
    public static string Content(JsonElement message) => message.TryGetProperty("content", out var c) ? c.ValueKind switch
    {
        JsonValueKind.String => c.GetString()!,
        JsonValueKind.Array => string.Concat(c.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
        _ => "",
    } : "";
}
