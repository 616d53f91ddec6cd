using System.Globalization;
using System.Text.Json;
using CallCenter.Storage;
using Microsoft.Data.Sqlite;

namespace CallCenter.Crm;

/// <summary>
/// The CRM tables in the shared SQLite database (customers, products, orders, order_items, policies, returns, and
/// for the finance pack identities, accounts, transactions) and their seeding from the demo records embedded in the
/// assembly (resources "CallCenter.Crm.crm-demo.json" and "CallCenter.Crm.finance-demo.json").
/// <see cref="EnsureCreated"/> is idempotent: it creates missing tables and inserts missing demo records with
/// INSERT OR IGNORE, so a second start neither duplicates records nor overwrites what changed since
/// (a cancelled order stays cancelled, an issued RMA stays issued); records added to the JSON later are added.
/// </summary>
public static class CrmSchema
{
    public const string DemoResourceName = "CallCenter.Crm.crm-demo.json";
    public const string FinanceDemoResourceName = "CallCenter.Crm.finance-demo.json";

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

        -- The identity secrets: only ever compared inside a query, never selected. The postcode is stored as its
        -- key (Postcode.Key) so the comparison is an equality.
        CREATE TABLE IF NOT EXISTS identities (
            customer_id   TEXT NOT NULL PRIMARY KEY COLLATE NOCASE REFERENCES customers (id),
            date_of_birth TEXT NOT NULL,
            postcode_key  TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS accounts (
            id          TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            customer_id TEXT NOT NULL COLLATE NOCASE REFERENCES customers (id),
            kind        TEXT NOT NULL,
            last4       TEXT NOT NULL,
            balance     TEXT NOT NULL,
            currency    TEXT NOT NULL,
            status      TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_accounts_customer_id ON accounts (customer_id);

        CREATE TABLE IF NOT EXISTS transactions (
            account_id  TEXT NOT NULL COLLATE NOCASE REFERENCES accounts (id),
            position    INTEGER NOT NULL,
            date        TEXT NOT NULL,
            description TEXT NOT NULL,
            amount      TEXT NOT NULL,
            currency    TEXT NOT NULL,
            PRIMARY KEY (account_id, position));
        """;

    /// <summary>Creates the CRM tables if missing and inserts every demo record that is not there yet.</summary>
    public static void EnsureCreated(SqliteDatabase database)
    {
        var demo = CrmDemoData.Load();
        var finance = FinanceDemoData.Load();
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
                p.Sku, p.Name, p.NameZh, Money(p.Price), p.Currency, p.Stock);
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

        // After the customers: the finance records refer to them (foreign keys are enforced).
        SeedFinance(connection, transaction, finance);
        transaction.Commit();
    }

    private static void SeedFinance(SqliteConnection connection, SqliteTransaction transaction, FinanceDemoData finance)
    {
        foreach (var identity in finance.Identities)
        {
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO identities (customer_id, date_of_birth, postcode_key) VALUES ($0, $1, $2)",
                identity.Customer, Date(identity.DateOfBirth), Postcode.Key(identity.Postcode));
        }

        foreach (var a in finance.Accounts)
        {
            Insert(connection, transaction,
                "INSERT OR IGNORE INTO accounts (id, customer_id, kind, last4, balance, currency, status) VALUES ($0, $1, $2, $3, $4, $5, $6)",
                a.Id, a.Customer, a.Kind, a.Last4, Money(a.Balance), a.Currency, a.Status);
            for (var i = 0; i < a.Transactions.Length; i++)
            {
                var t = a.Transactions[i];
                Insert(connection, transaction,
                    "INSERT OR IGNORE INTO transactions (account_id, position, date, description, amount, currency) VALUES ($0, $1, $2, $3, $4, $5)",
                    a.Id, i, Date(t.Date), t.Description, Money(t.Amount), t.Currency ?? a.Currency);
            }
        }
    }

    /// <summary>Money is stored as invariant text: SQLite's REAL would round cents.</summary>
    internal static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

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

/// <summary>The demo records embedded in this assembly.</summary>
internal static class DemoResource
{
    public static T Load<T>(string name)
    {
        using var stream = typeof(DemoResource).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(DemoResource).Assembly.GetName().Name}.");
        return JsonSerializer.Deserialize<T>(stream, CrmJson.Options)
            ?? throw new InvalidDataException($"{name} is empty.");
    }
}

/// <summary>The shape of crm-demo.json.</summary>
internal sealed record CrmDemoData(
    CrmDemoData.DemoCustomer[] Customers,
    CrmDemoData.DemoProduct[] Products,
    CrmDemoData.DemoOrder[] Orders,
    CrmDemoData.DemoPolicy[] Policies)
{
    public static CrmDemoData Load() => DemoResource.Load<CrmDemoData>(CrmSchema.DemoResourceName);

    internal sealed record DemoCustomer(string Id, string Name, string Phone, string Email, string Language, string Tier);

    internal sealed record DemoProduct(string Sku, string Name, string NameZh, decimal Price, string Currency, int Stock);

    internal sealed record DemoOrder(
        string Id, string Customer, string[] Items, string Status, string? Carrier, string? Tracking,
        DateOnly Placed, DateOnly? Eta, DateOnly? Delivered, string? Note);

    internal sealed record DemoPolicy(string Topic, string En, string Zh);
}

/// <summary>The shape of finance-demo.json.</summary>
internal sealed record FinanceDemoData(FinanceDemoData.DemoIdentity[] Identities, FinanceDemoData.DemoAccount[] Accounts)
{
    public static FinanceDemoData Load() => DemoResource.Load<FinanceDemoData>(CrmSchema.FinanceDemoResourceName);

    internal sealed record DemoIdentity(string Customer, DateOnly DateOfBirth, string Postcode);

    internal sealed record DemoAccount(
        string Id, string Customer, string Kind, string Last4, decimal Balance, string Currency, string Status,
        DemoTransaction[] Transactions);

    /// <summary><see cref="Currency"/> may be left out: the account's currency.</summary>
    internal sealed record DemoTransaction(DateOnly Date, string Description, decimal Amount, string? Currency);
}
