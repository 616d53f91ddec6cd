using System.Text.Json;
using CallCenter.Crm;
using CallCenter.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Crm;

/// <summary>A SQLite database file in its own temp directory, deleted on dispose.</summary>
internal sealed class CrmTestDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callcenter-crm-" + Guid.NewGuid().ToString("N"));

    public CrmTestDatabase()
    {
        FilePath = Path.Combine(_directory, "crm.db");
        Database = Open();
    }

    public string FilePath { get; }

    public SqliteDatabase Database { get; private set; }

    /// <summary>Closes the database and opens the same file again, as a restarted silo would.</summary>
    public async Task<SqliteDatabase> ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = Open();
        return Database;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the test by a moment; the temp directory is left behind then.
        }
    }

    private SqliteDatabase Open() =>
        new(Options.Create(new StorageOptions { SqlitePath = FilePath }), NullLogger<SqliteDatabase>.Instance);
}

/// <summary>crm-demo.json as the tests read it: straight from the embedded resource, without the connector's code.</summary>
internal static class DemoRecords
{
    private static readonly Lazy<JsonDocument> Document = new(() => Parse("crm-demo.json"));

    public static JsonElement[] Customers => Array("customers");

    public static JsonElement[] Products => Array("products");

    public static JsonElement[] Orders => Array("orders");

    public static JsonElement[] Policies => Array("policies");

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static string? OptionalText(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static DateOnly? OptionalDate(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? DateOnly.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static JsonDocument Parse(string file)
    {
        using var stream = typeof(SqliteCrmConnector).Assembly.GetManifestResourceStream("CallCenter.Crm." + file)
            ?? throw new InvalidOperationException($"{file} is not embedded in the Grains assembly.");
        return JsonDocument.Parse(stream);
    }

    private static JsonElement[] Array(string name) => Document.Value.RootElement.GetProperty(name).EnumerateArray().ToArray();
}

/// <summary>finance-demo.json as the tests read it, the same way.</summary>
internal static class FinanceRecords
{
    private static readonly Lazy<JsonDocument> Document = new(() => DemoRecords.Parse("finance-demo.json"));

    public static JsonElement[] Identities => Document.Value.RootElement.GetProperty("identities").EnumerateArray().ToArray();

    public static JsonElement[] Accounts => Document.Value.RootElement.GetProperty("accounts").EnumerateArray().ToArray();
}
