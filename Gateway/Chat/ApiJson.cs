using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.Gateway.Chat;

/// <summary>The API's JSON conventions: camelCase fields, snake_case enum values ("order_status", "waiting_for_agent").</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Replies are Chinese and English prose: send them as UTF-8, not \uXXXX escapes. The API serves JSON only,
        // never HTML, so HTML-sensitive characters need no escaping either.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    public static string EnumName<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses an enum from its API name; null input gives null; an unknown name gives the list of valid ones.</summary>
    public static bool TryParseEnum<T>(string? text, string field, out T? value, out string? problem) where T : struct, Enum
    {
        value = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(EnumName(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        problem = $"'{field}' must be one of {string.Join(", ", Enum.GetValues<T>().Select(v => EnumName(v)))}; got '{Media.JsonErrors.Quote(text)}'.";
        return false;
    }
}
