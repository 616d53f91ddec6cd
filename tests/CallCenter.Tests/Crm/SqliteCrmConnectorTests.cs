using CallCenter.Crm;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Crm;

/// <summary>The behaviour suite against the embedded database, plus what only the database can show: seeding.</summary>
public sealed class SqliteCrmConnectorTests : CrmConnectorBehaviour
{
    private readonly CrmTestDatabase _file = new();

    protected override Task<ICrmConnector> CreateConnectorAsync() =>
        Task.FromResult<ICrmConnector>(new SqliteCrmConnector(_file.Database, Time));

    public override async Task DisposeAsync() => await _file.DisposeAsync();

    [Fact]
    public async Task Seeding_again_on_the_same_file_keeps_changes_and_duplicates_nothing()
    {
        Assert.True((await Crm.CancelOrderAsync("A1003")).Cancelled);
        var rma = (await Crm.StartReturnAsync("A1002", "wrong size")).Rma;
        Assert.NotNull(rma);
        var expectedCounts = RowCounts();

        // The same database again, then a restart: both construct a connector, which seeds.
        _ = new SqliteCrmConnector(_file.Database, Time);
        var restarted = new SqliteCrmConnector(await _file.ReopenAsync(), Time);

        Assert.Equal(OrderStatuses.Cancelled, (await restarted.GetOrderAsync("A1003"))?.Status);
        Assert.Equal(rma, (await restarted.GetOrderAsync("A1002"))?.ReturnRma);
        Assert.Equal(new ReturnOutcome(true, rma, CrmRefusal.None, true, new DateOnly(2026, 12, 6)), await restarted.StartReturnAsync("A1002", null));
        Assert.Equal(expectedCounts, RowCounts());
        Assert.Equal(
            (DemoRecords.Customers.Length, DemoRecords.Products.Length, DemoRecords.Orders.Length,
             DemoRecords.Orders.Sum(o => o.GetProperty("items").GetArrayLength()), DemoRecords.Policies.Length, 1L),
            expectedCounts);
    }

    [Fact]
    public async Task Seeding_again_keeps_a_frozen_card_frozen_and_duplicates_no_finance_record()
    {
        Assert.True((await Crm.FreezeCardAsync("AC2002")).Frozen);

        var restarted = new SqliteCrmConnector(await _file.ReopenAsync(), Time);

        Assert.Equal(AccountStatuses.Frozen, (await restarted.GetAccountsAsync("C002")).Single(a => a.Id == "AC2002").Status);
        using var connection = _file.Database.Open();
        Assert.Equal(
            (FinanceRecords.Identities.Length, FinanceRecords.Accounts.Length,
             FinanceRecords.Accounts.Sum(a => a.GetProperty("transactions").GetArrayLength())),
            ((int)Count(connection, "identities"), (int)Count(connection, "accounts"), (int)Count(connection, "transactions")));
    }

    [Fact]
    public async Task A_missing_demo_record_is_put_back_on_the_next_start()
    {
        using (var connection = _file.Database.Open())
        {
            SqliteDatabase_Execute(connection, "DELETE FROM policies WHERE topic = 'hours'");
        }

        Assert.Equal(3, (await Crm.GetPoliciesAsync()).Length);
        var restarted = new SqliteCrmConnector(await _file.ReopenAsync(), Time);
        Assert.Equal(PolicyTopics.All, (await restarted.GetPoliciesAsync()).Select(p => p.Topic));
    }

    private (long Customers, long Products, long Orders, long Items, long Policies, long Returns) RowCounts()
    {
        using var connection = _file.Database.Open();
        return (Count(connection, "customers"), Count(connection, "products"), Count(connection, "orders"),
            Count(connection, "order_items"), Count(connection, "policies"), Count(connection, "returns"));
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private static void SqliteDatabase_Execute(SqliteConnection connection, string sql) =>
        CallCenter.Storage.SqliteDatabase.Execute(connection, sql);
}
