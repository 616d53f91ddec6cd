using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Llm;
using CallCenter.Llm.Tools;
using CallCenter.Tests.Understanding;

namespace CallCenter.Tests.Llm;

/// <summary>
/// Runs a tool as the language-model grain does, without a cluster: arguments validated against the tool's schema, the
/// tool run against a CRM, the result serialized to the JSON the model reads (snake_case, as LlmGrain sends it).
/// </summary>
internal static class ToolRun
{
    private static readonly JsonSerializerOptions ToolJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A turn's tool context over <paramref name="crm"/> with the shared demo understanding.</summary>
    public static ToolContext Context(ICrmGrain crm, CallFacts facts, Language language = Language.En) =>
        new(crm, DemoNlu.Instance, facts, language);

    /// <summary>The call's facts: a voice call, from <paramref name="customerId"/> when known.</summary>
    public static CallFacts Facts(string? customerId = null, bool verified = false) =>
        new(CallChannel.Voice, customerId, customerId is null ? null : "Caller " + customerId, null, verified, null);

    public static async Task<JsonElement> RunAsync(this ToolContext context, ModelTool tool, string arguments = "{}")
    {
        var (validated, problem) = tool.Validate(arguments);
        Assert.True(problem is null, $"{tool.Name}({arguments}) was refused: {problem}");
        var result = await tool.Run(validated!, context);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(result, ToolJson));
        return json.RootElement.Clone();
    }

    public static string? Error(this JsonElement result) =>
        result.TryGetProperty("error", out var error) ? error.GetString() : null;
}
