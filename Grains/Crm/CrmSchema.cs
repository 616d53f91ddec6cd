using System.Globalization;
using System.Text.Json;
using CallCenter.Storage;
using Microsoft.Data.Sqlite;

namespace CallCenter.Crm;

/// <summary>
/// The CRM tables in the shared SQLite database (customers, products, orders, order_items, policies, returns)
/// and their seeding from the demo records embedded in the assembly (resource "CallCenter.Crm.crm-demo.json").
/// <see cref="EnsureCreated"/> is idempotent: it creates missing tables and inserts missing demo records with
/// INSERT OR IGNORE, so a second start neither duplicates records nor overwrites what changed since
/// (a cancelled order stays cancelled, an issued RMA stays issued); records added to the JSON later are added.
/// </summary>
public static class CrmSchema
{
    public const string DemoResourceName = "CallCenter.Crm.crm-demo.json";

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS customers (
            id          TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            name        TEXT NOT NULL,
            phone       TEXT NOT NULL,
            phone_key   TEXT NOT NULL,
            email       TEXT NOT NULL,
            language    TEXT NOT NULL,
            tier        TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_customers_phone_key ON customers (phone_key);

        CREATE TABLE IF NOT EXISTS products (
            sku         TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            name        TEXT NOT NULL,
            name_zh     TEXT NOT NULL,
            price       TEXT NOT NULL,
            currency    TEXT NOT NULL,
            stock       INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS orders (
            id          TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            customer_id TEXT NOT NULL COLLATE NOCASE REFERENCES customers (id),
            status      TEXT NOT NULL,
            carrier     TEXT,
            tracking    TEXT,
            placed      TEXT NOT NULL,
            eta         TEXT,
            delivered   TEXT,
            note        TEXT);
        CREATE INDEX IF NOT EXISTS ix_orders_customer_id ON orders (customer_id);

        CREATE TABLE IF NOT EXISTS order_items (
            order_id    TEXT NOT NULL COLLATE NOCASE REFERENCES orders (id),
            position    INTEGER NOT NULL,
            sku         TEXT NOT NULL COLLATE NOCASE REFERENCES products (sku),
            PRIMARY KEY (order_id, position));

        CREATE TABLE IF NOT EXISTS policies (
            topic       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            position    INTEGER NOT NULL,
            en          TEXT NOT NULL,
            zh          TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS returns (
            order_id     TEXT NOT NULL PRIMARY KEY COLLATE NOCASE REFERENCES orders (id),
            rma          TEXT NOT NULL UNIQUE,
            reason       TEXT,
            requested_at TEXT NOT NULL);
        """;

    /// <summary>Creates the CRM tables if missing and inserts every demo record that is not there yet.</summary>
    public static void EnsureCreated(SqliteDatabase database)
    {
        var demo = CrmDemoData.Load();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        SqliteDatabase.Execute(connection, CreateTables, transaction);

        foreach (var c in demo.Customers)
        {
            var phone = PhoneNumber.Parse(c.Phone)
                ?? throw new InvalidDataException($"Demo customer {c.Id} has no usable phone number '{c.Phone}'.");
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO customers (id, name, phone, phone_key, email, language, tier) VALUES ($0, $1, $2, $3, $4, $5, $6)",
                c.Id, c.Name, c.Phone, phone.Key, c.Email, c.Language.ToLowerInvariant(), c.Tier);
        }

        foreach (var p in demo.Products)
        {
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO products (sku, name, name_zh, price, currency, stock) VALUES ($0, $1, $2, $3, $4, $5)",
                p.Sku, p.Name, p.NameZh, p.Price.ToString(CultureInfo.InvariantCulture), p.Currency, p.Stock);
        }

        foreach (var o in demo.Orders)
        {
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO orders (id, customer_id, status, carrier, tracking, placed, eta, delivered, note) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)",
                o.Id, o.Customer, o.Status, o.Carrier, o.Tracking, Date(o.Placed), Date(o.Eta), Date(o.Delivered), o.Note);
            for (var i = 0; i < o.Items.Length; i++)
            {
                Insert(connection, transaction,
                    "INSERT OR IGNORE INTO order_items (order_id, position, sku) VALUES ($0, $1, $2)",
                    o.Id, i, o.Items[i]);
            }
        }

        for (var i = 0; i < demo.Policies.Length; i++)
        {
            var p = demo.Policies[i];
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO policies (topic, position, en, zh) VALUES ($0, $1, $2, $3)",
                p.Topic, i, p.En, p.Zh);
        }

        transaction.Commit();
    }

    internal static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string sql, params object?[] values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>The shape of crm-demo.json.</summary>
internal sealed record CrmDemoData(
    CrmDemoData.DemoCustomer[] Customers,
    CrmDemoData.DemoProduct[] Products,
    CrmDemoData.DemoOrder[] Orders,
    CrmDemoData.DemoPolicy[] Policies)
{
    public static CrmDemoData Load()
    {
        using var stream = typeof(CrmDemoData).Assembly.GetManifestResourceStream(CrmSchema.DemoResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {CrmSchema.DemoResourceName} is missing from {typeof(CrmDemoData).Assembly.GetName().Name}.");
        return JsonSerializer.Deserialize<CrmDemoData>(stream, CrmJson.Options)
            ?? throw new InvalidDataException($"{CrmSchema.DemoResourceName} is empty.");
    }

    internal sealed record DemoCustomer(string Id, string Name, string Phone, string Email, string Language, string Tier);

    internal sealed record DemoProduct(string Sku, string Name, string NameZh, decimal Price, string Currency, int Stock);

    internal sealed record DemoOrder(
        string Id, string Customer, string[] Items, string Status, string? Carrier, string? Tracking,
        DateOnly Placed, DateOnly? Eta, DateOnly? Delivered, string? Note);

    internal sealed record DemoPolicy(string Topic, string En, string Zh);
}
