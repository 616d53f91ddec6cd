using System.Diagnostics;
using CallCenter.Clustering;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CallCenter.Tests.Cluster;

public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PrivatePostgres Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PrivatePostgres.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The migration that creates Orleans' ADO.NET tables (deploy/postgres), on a real PostgreSQL.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class MigrationTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly string[] ScriptNames =
        ["001-orleans-main.sql", "002-orleans-clustering.sql", "003-orleans-persistence.sql", "004-orleans-reminders.sql", "005-callcenter-records.sql"];

    [Fact]
    public async Task Every_script_is_applied_once_and_a_second_run_changes_nothing()
    {
        var database = await postgres.Server.CreateDatabaseAsync("migrate");

        var first = await PostgresMigrations.ApplyAsync(database);
        Assert.Equal(ScriptNames, first.Applied);
        Assert.Empty(first.AlreadyApplied);
        var recorded = await RecordedAsync(database);
        var queries = await PrivatePostgres.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansQuery");

        var second = await PostgresMigrations.ApplyAsync(database);
        Assert.Empty(second.Applied);
        Assert.Equal(ScriptNames, second.AlreadyApplied);
        Assert.Equal(recorded, await RecordedAsync(database));
        Assert.Equal(queries, await PrivatePostgres.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansQuery"));

        // What the scripts made is what Orleans' providers read: their tables and queries.
        foreach (var table in new[] { "orleansmembershiptable", "orleansmembershipversiontable", "orleansstorage", "orleansreminderstable", "call_records", "call_turns" })
        {
            Assert.Equal(1L, await PrivatePostgres.ScalarAsync<long>(database,
                "SELECT count(*) FROM information_schema.tables WHERE table_name = $1", table));
        }

        Assert.Equal(1L, await PrivatePostgres.ScalarAsync<long>(database,
            "SELECT count(*) FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'"));
    }

    [Fact]
    public async Task The_migrate_command_applies_the_scripts_then_finds_nothing_to_do()
    {
        var database = await postgres.Server.CreateDatabaseAsync("command");

        var (firstExit, firstOutput) = await MigrateCommandAsync(database);
        var (secondExit, secondOutput) = await MigrateCommandAsync(database);

        Assert.True(firstExit == 0, firstOutput);
        Assert.Contains("migrate: done (5 applied, 0 already applied)", firstOutput);
        Assert.True(secondExit == 0, secondOutput);
        Assert.Contains("migrate: done (0 applied, 5 already applied)", secondOutput);
        Assert.Equal(5L, await PrivatePostgres.ScalarAsync<long>(database, $"SELECT count(*) FROM {PostgresMigrations.Table}"));
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_script_once()
    {
        var database = await postgres.Server.CreateDatabaseAsync("concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresMigrations.ApplyAsync(database))));

        Assert.Equal(ScriptNames, results.SelectMany(r => r.Applied).Order(StringComparer.Ordinal));
        Assert.Equal(5L, await PrivatePostgres.ScalarAsync<long>(database, $"SELECT count(*) FROM {PostgresMigrations.Table}"));
    }

    [Fact]
    public async Task A_script_that_changed_after_it_was_applied_stops_the_migration()
    {
        var database = await postgres.Server.CreateDatabaseAsync("changed");
        await PostgresMigrations.ApplyAsync(database);
        // As if the database had been migrated with another text of the clustering script.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"UPDATE {PostgresMigrations.Table} SET sha256 = repeat('0', 64) WHERE name = '002-orleans-clustering.sql'", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<MigrationException>(() => PostgresMigrations.ApplyAsync(database));
        Assert.Contains("002-orleans-clustering.sql", error.Message);
        var (exit, output) = await MigrateCommandAsync(database);
        Assert.Equal(1, exit);
        Assert.Contains("migrate: failed: 002-orleans-clustering.sql was applied with SHA-256 0000", output);
    }

    [Fact]
    public async Task Without_a_connection_string_the_command_says_which_setting_is_missing()
    {
        var output = new StringWriter();
        var exit = await PostgresMigrations.RunCommandAsync(new ConfigurationBuilder().Build(), output);
        Assert.Equal(1, exit);
        Assert.Contains("Orleans:ConnectionString", output.ToString());
    }

    [Fact]
    public async Task With_Redis_and_no_records_database_the_command_has_nothing_to_do_and_succeeds()
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusteringMode"] = "Redis",
            ["Orleans:ConnectionString"] = "127.0.0.1:6379",
        }).Build();
        var exit = await PostgresMigrations.RunCommandAsync(configuration, output);
        Assert.Equal(0, exit);
        Assert.Contains("migrate: nothing to do: Redis clustering", output.ToString());
    }

    [Fact]
    public async Task With_Redis_the_command_migrates_the_records_database()
    {
        var database = await postgres.Server.CreateDatabaseAsync("redisrecords");
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusteringMode"] = "Redis",
            ["Orleans:ConnectionString"] = "127.0.0.1:6379",
            ["Orleans:RecordsConnectionString"] = database,
        }).Build();
        Assert.Equal(0, await PostgresMigrations.RunCommandAsync(configuration, output));
        Assert.Contains("migrate: done (5 applied, 0 already applied)", output.ToString());
        Assert.Equal(1L, await PrivatePostgres.ScalarAsync<long>(database,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'call_turns'"));
    }

    private static async Task<List<(string, string, DateTime)>> RecordedAsync(string database)
    {
        var rows = new List<(string, string, DateTime)>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT name, sha256, applied_at FROM {PostgresMigrations.Table} ORDER BY name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return rows;
    }

    /// <summary>`dotnet CallCenter.Silo.dll migrate` as an operator runs it.</summary>
    private static async Task<(int ExitCode, string Output)> MigrateCommandAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CallCenter.Silo.dll"), "migrate", "--Orleans:ConnectionString", connectionString },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
