using Npgsql;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of its own on a free loopback port and a temp data folder, from Debian's package through
/// scripts/postgres.sh (the same script scripts/cluster.sh uses). Each test makes a database of its own on it.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgres(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The server's "callcenter" database as its superuser.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcenter-tests", "postgres-" + Guid.NewGuid().ToString("N")[..12]);
        var (exitCode, output) = await RepositoryScript.RunAsync("postgres.sh", "start", directory, TestPaths.FreePort().ToString());
        return exitCode == 0
            ? new PrivatePostgres(directory, output.Trim())
            : throw new InvalidOperationException($"scripts/postgres.sh start failed ({exitCode}):\n{output}");
    }

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (a fast shutdown: clients are disconnected), as an outage does; <see cref="RestartAsync"/> brings it back.</summary>
    public async Task StopAsync()
    {
        var (exitCode, output) = await RepositoryScript.RunAsync("postgres.sh", "stop", _directory);
        Assert.True(exitCode == 0, $"scripts/postgres.sh stop failed ({exitCode}):\n{output}");
    }

    /// <summary>Starts the stopped server again on its port, with its data.</summary>
    public async Task RestartAsync()
    {
        var port = (await File.ReadAllTextAsync(Path.Combine(_directory, "port"))).Trim();
        var (exitCode, output) = await RepositoryScript.RunAsync("postgres.sh", "start", _directory, port);
        Assert.True(exitCode == 0, $"scripts/postgres.sh start failed ({exitCode}):\n{output}");
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RepositoryScript.RunAsync("postgres.sh", "stop", _directory);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
