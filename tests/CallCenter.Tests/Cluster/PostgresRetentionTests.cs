using System.Globalization;
using System.Net;
using CallCenter.Calls;
using CallCenter.Clustering;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Cluster;

/// <summary>
/// Retention when clustered on PostgreSQL: the call's grain state row (Orleans' ADO.NET storage) and its records rows
/// go; the sweep's reminder is in PostgreSQL's reminder table, where every silo's start finds it.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresRetentionTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task A_call_older_than_the_period_leaves_no_row_in_PostgreSQL()
    {
        var database = await postgres.Server.CreateDatabaseAsync("retention");
        await PostgresMigrations.ApplyAsync(database);
        var host = new PostgresHost(database);
        await host.InitializeAsync();
        try
        {
            var api = new ChatApi(host.Http);
            var old = await api.StartAsync("zh");
            await api.SayAsync(old.CallId, "我的订单A1005到哪了？");
            await api.HangUpAsync(old.CallId);
            // The database is this test's: the call grains' rows are the old call's and, next, the recent one's.
            Assert.Equal(1L, await RowsAsync(database, "OrleansStorage WHERE graintypestring = $1", "call"));
            Assert.Equal(3L, await RowsAsync(database, "call_turns WHERE call_id = $1", old.CallId));
            host.Clock.Skip(TimeSpan.FromDays(8));
            var recent = await api.StartAsync("en");
            Assert.Equal(2L, await RowsAsync(database, "OrleansStorage WHERE graintypestring = $1", "call"));

            var deleted = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRecordRetentionGrain>(0).SweepAsync();

            Assert.Equal(1, deleted);
            Assert.Equal(1L, await RowsAsync(database, "OrleansStorage WHERE graintypestring = $1", "call"));
            Assert.Equal(0L, await RowsAsync(database, "call_turns WHERE call_id = $1", old.CallId));
            Assert.Equal(0L, await RowsAsync(database, "call_records WHERE call_id = $1", old.CallId));
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"api/calls/{old.CallId}")).StatusCode);
            Assert.Equal(1L, await RowsAsync(database, "call_records WHERE call_id = $1", recent.CallId));
            Assert.Equal(1L, await RowsAsync(database, "OrleansRemindersTable WHERE remindername = $1", "retention"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static Task<long> RowsAsync(string database, string from, string value) =>
        PrivatePostgres.ScalarAsync<long>(database, $"SELECT count(*) FROM {from}", value);

    /// <summary>The real host (one silo in this process) clustered on the test's database, keeping calls for a week.</summary>
    private sealed class PostgresHost(string connectionString) : ApiHostFixture
    {
        protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
        {
            ["Orleans:ClusteringMode"] = "Postgres",
            ["Orleans:ConnectionString"] = connectionString,
            ["Records:RetentionDays"] = 7.ToString(CultureInfo.InvariantCulture),
        });
    }
}
