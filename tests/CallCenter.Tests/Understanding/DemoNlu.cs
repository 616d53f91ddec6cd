using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue.Understanding;

namespace CallCenter.Tests.Understanding;

/// <summary>
/// The demo catalog (products of Grains/Crm/crm-demo.json, read from the copy embedded in the Grains assembly) and one
/// shared understanding built from it; building it trains the classifier, so tests share a single instance.
/// </summary>
internal static class DemoNlu
{
    public static readonly IReadOnlyList<Product> Catalog = LoadCatalog();

    public static readonly NaturalLanguageUnderstanding Instance = new(Catalog);

    public static NluResult Understand(string text, Language? callLanguage = null) => Instance.Understand(text, callLanguage);

    public static void AssertIntent(string text, Intent expected)
    {
        var result = Instance.Understand(text);
        Assert.True(result.Intent == expected,
            $"'{text}' was understood as {result.Intent} ({result.Confidence:0.00}), expected {expected}. Normalized: '{result.NormalizedText}'.");
        Assert.InRange(result.Confidence, 0.0, 1.0);
    }

    public static string[] Values(this NluResult result, string entityType) =>
        result.Entities.Where(e => e.Type == entityType).Select(e => e.Value).ToArray();

    private static List<Product> LoadCatalog()
    {
        using var stream = typeof(NaturalLanguageUnderstanding).Assembly.GetManifestResourceStream("CallCenter.Crm.crm-demo.json")
            ?? throw new InvalidOperationException("crm-demo.json is not embedded in the Grains assembly.");
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty("products").EnumerateArray()
            .Select(p => new Product(
                p.GetProperty("sku").GetString()!,
                p.GetProperty("name").GetString()!,
                p.GetProperty("name_zh").GetString()!,
                p.GetProperty("price").GetDecimal(),
                p.GetProperty("currency").GetString()!,
                p.GetProperty("stock").GetInt32()))
            .ToList();
    }
}
