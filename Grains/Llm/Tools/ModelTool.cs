using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Chat;

namespace CallCenter.Llm.Tools;

/// <summary>One parameter of a tool: JSON type "string", "number", "integer" or "boolean", optionally from a fixed set.</summary>
public sealed record ToolParameter(string Name, string Type, string Description, bool Required = true, string[]? OneOf = null, int MaxLength = 200);

/// <summary>
/// A function the model may call. Its JSON schema is generated from <see cref="Parameters"/> and the model's arguments
/// are checked against the same parameters before <see cref="Run"/> sees them: a bad argument goes back to the model as
/// a tool error that says what is wrong, and nothing is done.
/// </summary>
public sealed record ModelTool(string Name, string Description, ToolParameter[] Parameters, Func<ToolArguments, ToolContext, Task<object>> Run)
{
    public ChatTool ToChatTool()
    {
        var properties = new JsonObject();
        foreach (var p in Parameters)
        {
            var property = new JsonObject { ["type"] = p.Type, ["description"] = p.Description };
            if (p.OneOf is { } values)
            {
                property["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            }

            properties[p.Name] = property;
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. Parameters.Where(p => p.Required).Select(p => (JsonNode)p.Name)]),
            ["additionalProperties"] = false,
        };
        return ChatTool.CreateFunctionTool(Name, Description, BinaryData.FromString(schema.ToJsonString()));
    }

    /// <summary>The arguments when they match the schema, or what is wrong with them.</summary>
    public (ToolArguments? Arguments, string? Problem) Validate(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, $"The arguments are not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "The arguments must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (Parameters.All(p => p.Name != property.Name))
            {
                return (null, $"Unknown argument '{property.Name}'; {Name} takes {Describe()}.");
            }
        }

        foreach (var p in Parameters)
        {
            if (!root.TryGetProperty(p.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (p.Required) return (null, $"The argument '{p.Name}' is required.");
                continue;
            }

            var problem = (p.Type, value.ValueKind) switch
            {
                ("string", JsonValueKind.String) when value.GetString()!.Trim().Length == 0 => $"'{p.Name}' is empty.",
                ("string", JsonValueKind.String) when value.GetString()!.Length > p.MaxLength => $"'{p.Name}' is longer than {p.MaxLength} characters.",
                ("string", JsonValueKind.String) when p.OneOf is { } values && !values.Contains(value.GetString()) =>
                    $"'{p.Name}' must be one of {string.Join(", ", values)}.",
                ("string", JsonValueKind.String) => null,
                ("boolean", JsonValueKind.True or JsonValueKind.False) => null,
                ("number", JsonValueKind.Number) => null,
                ("integer", JsonValueKind.Number) when value.TryGetInt64(out _) => null,
                _ => $"'{p.Name}' must be a {p.Type}, not {value.ValueKind.ToString().ToLowerInvariant()}.",
            };
            if (problem is not null)
            {
                return (null, problem);
            }
        }

        return (new ToolArguments(root), null);
    }

    private string Describe() => Parameters.Length == 0 ? "no arguments" : string.Join(", ", Parameters.Select(p => p.Name));
}

/// <summary>Validated arguments of one tool call.</summary>
public sealed class ToolArguments(JsonElement root)
{
    public string String(string name) => root.GetProperty(name).GetString()!.Trim();

    public string? OptionalString(string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;

    public bool Bool(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
