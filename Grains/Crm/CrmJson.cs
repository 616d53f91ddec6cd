using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.Crm;

/// <summary>
/// The JSON shape of the CRM REST contract: snake_case property names (name_zh, customer_id, return_rma) and
/// snake_case enum strings (order_not_found, zh); dates are ISO-8601 (2026-11-06).
/// </summary>
public static class CrmJson
{
    /// <summary>Read-only options for the contract's bodies.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the contract's settings to existing options (e.g. ASP.NET Core's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.PropertyNameCaseInsensitive = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Body of POST /orders/{id}/returns.</summary>
public sealed record CrmReturnRequest(string? Reason);

/// <summary>Body of POST /customers/{id}/verify-identity: what the caller said, for the CRM to compare.</summary>
public sealed record CrmIdentityRequest(DateOnly DateOfBirth, string Postcode);
