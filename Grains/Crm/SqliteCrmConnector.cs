using System.Globalization;
using System.Security.Cryptography;
using CallCenter.Calls;
using CallCenter.Storage;
using Microsoft.Data.Sqlite;

namespace CallCenter.Crm;

/// <summary>
/// The CRM in the embedded SQLite database. The constructor creates the CRM tables and seeds the demo records
/// (<see cref="CrmSchema.EnsureCreated"/>; idempotent), so a constructed connector is ready to serve.
/// Reads use pooled connections; writes (returns, cancellations, card freezes) go through the database's group commit
/// and decide inside the write, so concurrent requests for the same record cannot both win.
/// The identity secrets are compared inside the query and never read out of the database.
/// </summary>
public sealed class SqliteCrmConnector : ICrmConnector
{
    /// <summary>Days after delivery in which a return is accepted (the delivery day + 30 is the last day).</summary>
    public const int ReturnWindowDays = 30;

    /// <summary>How many transactions an account lists, newest first.</summary>
    public const int RecentTransactions = 10;

    // No 0/O, 1/I: RMAs are read aloud to callers.
    private const string RmaAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private const string OrderColumns =
        "o.id, o.customer_id, o.status, o.carrier, o.tracking, o.placed, o.eta, o.delivered, o.note, r.rma";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteCrmConnector(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _time = timeProvider;
        CrmSchema.EnsureCreated(database);
    }

    public Task<Customer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (PhoneNumber.Parse(phone) is not { } caller)
        {
            return Task.FromResult<Customer?>(null);
        }

        using var connection = _database.Open();
        var candidates = Query(connection, null,
            "SELECT id, name, phone, email, language, tier FROM customers WHERE phone_key = $key ORDER BY id",
            ReadCustomer, ("$key", caller.Key));
        var matches = candidates.Where(c => PhoneNumber.Parse(c.Phone) is { } p && p.Matches(caller)).ToList();
        var exact = matches.Where(c => PhoneNumber.Parse(c.Phone) is { } p && p.IsExactly(caller)).ToList();

        // A suffix that fits several customers identifies none of them: better to ask than to disclose.
        var found = exact.Count == 1 ? exact[0] : matches.Count == 1 ? matches[0] : null;
        return Task.FromResult(found);
    }

    public Task<Customer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var customer = Query(connection, null,
            "SELECT id, name, phone, email, language, tier FROM customers WHERE id = $id",
            ReadCustomer, ("$id", customerId)).SingleOrDefault();
        return Task.FromResult(customer);
    }

    public Task<Order?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        return Task.FromResult(ReadOrder(connection, null, orderId));
    }

    public Task<Order[]> GetCustomerOrdersAsync(string customerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var rows = Query(connection, null,
            $"SELECT {OrderColumns} FROM orders o LEFT JOIN returns r ON r.order_id = o.id WHERE o.customer_id = $id ORDER BY o.placed DESC, o.id",
            ReadOrderRow, ("$id", customerId));
        var items = ReadItems(connection, null, "oi.order_id IN (SELECT id FROM orders WHERE customer_id = $id)", customerId);
        return Task.FromResult(rows.Select(row => row.ToOrder(items)).ToArray());
    }

    public async Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var today = Today();

        // Most answers (already requested, refusals) need no write: decide on a read connection first.
        using (var connection = _database.Open())
        {
            var decision = DecideReturn(ReadOrder(connection, null, orderId), today);
            if (decision is not null)
            {
                return decision;
            }
        }

        // Eligible: decide again inside the write, where no other write can interleave.
        return await WriteAsync((connection, transaction) =>
        {
            var order = ReadOrder(connection, transaction, orderId);
            if (DecideReturn(order, today) is { } decided)
            {
                return decided;
            }

            var rma = NewRma(order!.Id);
            Execute(connection, transaction,
                "INSERT INTO returns (order_id, rma, reason, requested_at) VALUES ($id, $rma, $reason, $at)",
                ("$id", order.Id), ("$rma", rma), ("$reason", reason),
                ("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            return new ReturnOutcome(true, rma, CrmRefusal.None, false, WindowEnds(order));
        });
    }

    public Task<CancelOutcome> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return DecideThenWriteAsync(
            (connection, transaction) => DecideCancel(ReadStatus(connection, transaction, orderId)),
            (connection, transaction) =>
            {
                Execute(connection, transaction, "UPDATE orders SET status = $cancelled WHERE id = $id",
                    ("$cancelled", OrderStatuses.Cancelled), ("$id", orderId));
                return new CancelOutcome(true, CrmRefusal.None, OrderStatuses.Cancelled);
            });
    }

    public Task<Product?> GetProductAsync(string sku, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var product = Query(connection, null,
            "SELECT sku, name, name_zh, price, currency, stock FROM products WHERE sku = $sku",
            ReadProduct, ("$sku", sku)).SingleOrDefault();
        return Task.FromResult(product);
    }

    public Task<Product[]> GetCatalogAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var products = Query(connection, null,
            "SELECT sku, name, name_zh, price, currency, stock FROM products ORDER BY sku", ReadProduct);
        return Task.FromResult(products.ToArray());
    }

    public Task<Policy[]> GetPoliciesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var policies = Query(connection, null,
            "SELECT topic, en, zh FROM policies ORDER BY position, topic",
            r => new Policy(r.GetString(0), r.GetString(1), r.GetString(2)));
        return Task.FromResult(policies.ToArray());
    }

    public Task<Account[]> GetAccountsAsync(string customerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var recent = Query(connection, null,
            $"""
            SELECT account_id, date, description, amount, currency FROM (
                SELECT t.*, row_number() OVER (PARTITION BY t.account_id ORDER BY t.date DESC, t.position) AS rank
                FROM transactions t JOIN accounts a ON a.id = t.account_id
                WHERE a.customer_id = $id)
            WHERE rank <= {RecentTransactions}
            ORDER BY account_id, rank
            """,
            r => (AccountId: r.GetString(0),
                  Transaction: new Transaction(Day(r, 1), r.GetString(2), Money(r, 3), r.GetString(4))),
            ("$id", customerId))
            .ToLookup(x => x.AccountId, x => x.Transaction, StringComparer.OrdinalIgnoreCase);
        var accounts = Query(connection, null,
            "SELECT id, customer_id, kind, last4, balance, currency, status FROM accounts WHERE customer_id = $id ORDER BY id",
            r => new Account(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Money(r, 4), r.GetString(5),
                r.GetString(6), recent[r.GetString(0)].ToArray()),
            ("$id", customerId));
        return Task.FromResult(accounts.ToArray());
    }

    public Task<IdentityCheck> VerifyIdentityAsync(
        string customerId, DateOnly dateOfBirth, string postcode, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        var matches = Query(connection, null,
            "SELECT date_of_birth = $dob, postcode_key = $postcode FROM identities WHERE customer_id = $id",
            r => (DateOfBirth: r.GetBoolean(0), Postcode: r.GetBoolean(1)),
            ("$id", customerId), ("$dob", CrmSchema.Date(dateOfBirth)), ("$postcode", Postcode.Key(postcode)));
        if (matches.Count == 0)
        {
            return Task.FromResult(IdentityCheck.Failed);
        }

        var mismatched = new List<string>(IdentityFactors.All.Length);
        if (!matches[0].DateOfBirth)
        {
            mismatched.Add(IdentityFactors.DateOfBirth);
        }

        if (!matches[0].Postcode)
        {
            mismatched.Add(IdentityFactors.Postcode);
        }

        return Task.FromResult(new IdentityCheck(mismatched.Count == 0, mismatched.ToArray()));
    }

    public Task<FreezeOutcome> FreezeCardAsync(string accountId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return DecideThenWriteAsync(
            (connection, transaction) => DecideFreeze(connection, transaction, accountId),
            (connection, transaction) =>
            {
                Execute(connection, transaction, "UPDATE accounts SET status = $frozen WHERE id = $id",
                    ("$frozen", AccountStatuses.Frozen), ("$id", accountId));
                return new FreezeOutcome(true, CrmRefusal.None, AccountStatuses.Frozen);
            });
    }

    /// <summary>The outcome when it needs no write, or null when the order is eligible and has no return yet.</summary>
    private static ReturnOutcome? DecideReturn(Order? order, DateOnly today)
    {
        if (order is null)
        {
            return new ReturnOutcome(false, null, CrmRefusal.OrderNotFound, false, null);
        }

        if (order.ReturnRma is not null)
        {
            return new ReturnOutcome(true, order.ReturnRma, CrmRefusal.None, true, WindowEnds(order));
        }

        return order.Status switch
        {
            OrderStatuses.Cancelled => new ReturnOutcome(false, null, CrmRefusal.OrderCancelled, false, null),
            OrderStatuses.Delivered when WindowEnds(order) is { } ends && today > ends =>
                new ReturnOutcome(false, null, CrmRefusal.ReturnWindowExpired, false, ends),
            // A delivered order without a recorded delivery date cannot be shown to be outside the window.
            OrderStatuses.Delivered => null,
            _ => new ReturnOutcome(false, null, CrmRefusal.NotDeliveredYet, false, null),
        };
    }

    private static DateOnly? WindowEnds(Order order) => order.Delivered?.AddDays(ReturnWindowDays);

    /// <summary>The refusal, or null when the order can be cancelled.</summary>
    private static CancelOutcome? DecideCancel(string? status) =>
        status is null ? new CancelOutcome(false, CrmRefusal.OrderNotFound, null)
        : OrderStatuses.CancelRefusal(status) is var refusal && refusal != CrmRefusal.None ? new CancelOutcome(false, refusal, status)
        : null;

    /// <summary>The refusal, or null when the account is a card that can be frozen.</summary>
    private static FreezeOutcome? DecideFreeze(SqliteConnection connection, SqliteTransaction? transaction, string accountId)
    {
        var found = Query(connection, transaction, "SELECT kind, status FROM accounts WHERE id = $id",
            r => (Kind: r.GetString(0), Status: r.GetString(1)), ("$id", accountId));
        if (found.Count == 0)
        {
            return new FreezeOutcome(false, CrmRefusal.AccountNotFound, null);
        }

        var (kind, status) = found[0];
        var refusal = AccountStatuses.FreezeRefusal(kind, status);
        return refusal == CrmRefusal.None ? null : new FreezeOutcome(false, refusal, status);
    }

    private static string NewRma(string orderId)
    {
        Span<char> suffix = stackalloc char[4];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = RmaAlphabet[RandomNumberGenerator.GetInt32(RmaAlphabet.Length)];
        }

        // The order id makes it unique (one return per order); the suffix makes it unguessable.
        return $"RMA-{orderId.ToUpperInvariant()}-{suffix}";
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write)
    {
        T? result = default;
        await _database.WriteAsync(w => result = write(w.Connection, w.Transaction!));
        return result!;
    }

    /// <summary>
    /// An action on one record. Most requests need no write (refusals, repeats), so <paramref name="decide"/> answers
    /// first on a read connection; when it answers null the action is due, and it decides again inside the write,
    /// where no other write can interleave, before <paramref name="write"/> acts.
    /// </summary>
    private async Task<T> DecideThenWriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction?, T?> decide, Func<SqliteConnection, SqliteTransaction, T> write)
        where T : class
    {
        using (var connection = _database.Open())
        {
            if (decide(connection, null) is { } decided)
            {
                return decided;
            }
        }

        return await WriteAsync((connection, transaction) => decide(connection, transaction) ?? write(connection, transaction));
    }

    private static string? ReadStatus(SqliteConnection connection, SqliteTransaction? transaction, string orderId) =>
        Query(connection, transaction, "SELECT status FROM orders WHERE id = $id", r => r.GetString(0), ("$id", orderId))
            .SingleOrDefault();

    private static Order? ReadOrder(SqliteConnection connection, SqliteTransaction? transaction, string orderId)
    {
        var row = Query(connection, transaction,
            $"SELECT {OrderColumns} FROM orders o LEFT JOIN returns r ON r.order_id = o.id WHERE o.id = $id",
            ReadOrderRow, ("$id", orderId)).SingleOrDefault();
        return row?.ToOrder(ReadItems(connection, transaction, "oi.order_id = $id", row.Id));
    }

    private static ILookup<string, Product> ReadItems(SqliteConnection connection, SqliteTransaction? transaction, string where, string id) =>
        Query(connection, transaction,
            $"""
            SELECT oi.order_id, p.sku, p.name, p.name_zh, p.price, p.currency, p.stock
            FROM order_items oi JOIN products p ON p.sku = oi.sku
            WHERE {where} ORDER BY oi.order_id, oi.position
            """,
            r => (OrderId: r.GetString(0), Product: ReadProduct(r, 1)), ("$id", id))
            .ToLookup(x => x.OrderId, x => x.Product, StringComparer.OrdinalIgnoreCase);

    private static Customer ReadCustomer(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        string.Equals(r.GetString(4), "zh", StringComparison.OrdinalIgnoreCase) ? Language.Zh : Language.En,
        r.GetString(5));

    private static Product ReadProduct(SqliteDataReader r) => ReadProduct(r, 0);

    private static Product ReadProduct(SqliteDataReader r, int first) => new(
        r.GetString(first), r.GetString(first + 1), r.GetString(first + 2), Money(r, first + 3),
        r.GetString(first + 4), r.GetInt32(first + 5));

    private static decimal Money(SqliteDataReader r, int ordinal) =>
        decimal.Parse(r.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static OrderRow ReadOrderRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4),
        Day(r, 5), Date(r, 6), Date(r, 7), Text(r, 8), Text(r, 9));

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateOnly? Date(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Day(r, ordinal);

    private static DateOnly Day(SqliteDataReader r, int ordinal) =>
        DateOnly.ParseExact(r.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<T> Query<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var results = new List<T>();
        while (reader.Read())
        {
            results.Add(read(reader));
        }

        return results;
    }

    private static int Execute(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private sealed record OrderRow(
        string Id, string CustomerId, string Status, string? Carrier, string? Tracking,
        DateOnly Placed, DateOnly? Eta, DateOnly? Delivered, string? Note, string? ReturnRma)
    {
        public Order ToOrder(ILookup<string, Product> items) =>
            new(Id, CustomerId, Status, items[Id].ToArray(), Carrier, Tracking, Placed, Eta, Delivered, Note, ReturnRma);
    }
}
