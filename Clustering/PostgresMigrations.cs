using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CallCenter.Clustering;

/// <summary>One SQL script of deploy/postgres, as embedded in this assembly.</summary>
public sealed record MigrationScript(string Name, string Sql, string Sha256);

/// <summary>What one run of the migration did.</summary>
public sealed record MigrationResult(IReadOnlyList<string> Applied, IReadOnlyList<string> AlreadyApplied);

/// <summary>A script that was applied once and has changed since: the database and the code disagree.</summary>
public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies the scripts of deploy/postgres (Orleans' ADO.NET tables, then the engine's own) to a PostgreSQL database,
/// each once: a script's name and SHA-256 are recorded in callcenter_migrations when it is applied, in the same
/// transaction. Running it again applies only new scripts; a recorded script whose text changed stops everything.
/// </summary>
public static class PostgresMigrations
{
    public const string Table = "callcenter_migrations";

    /// <summary>Held for the run so concurrent runs (several silos' deployments at once) apply each script once.</summary>
    private const long AdvisoryLock = 0x43_61_6C_6C_43_65_6E_74; // "CallCent"

    private const string ResourcePrefix = "postgres/";

    /// <summary>The embedded scripts in the order they are applied (file names sort: 001-…, 002-…).</summary>
    public static IReadOnlyList<MigrationScript> Scripts { get; } = LoadScripts();

    public static async Task<MigrationResult> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLock})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {Table} (
                    name       text PRIMARY KEY,
                    sha256     text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var recorded = await ReadRecordedAsync(connection, cancellationToken);

            // Every recorded script must be unchanged before anything new is applied.
            foreach (var script in Scripts)
            {
                if (recorded.TryGetValue(script.Name, out var sha) && sha != script.Sha256)
                {
                    throw new MigrationException(
                        $"{script.Name} was applied with SHA-256 {sha} and is now {script.Sha256}. An applied script must never change: "
                        + "restore it and put the change in a new script.");
                }
            }

            var applied = new List<string>();
            foreach (var script in Scripts.Where(s => !recorded.ContainsKey(s.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, script.Sql, cancellationToken, transaction);
                await using var record = new NpgsqlCommand($"INSERT INTO {Table} (name, sha256) VALUES ($1, $2)", connection, transaction);
                record.Parameters.AddWithValue(script.Name);
                record.Parameters.AddWithValue(script.Sha256);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                applied.Add(script.Name);
            }

            return new MigrationResult(applied, [.. Scripts.Select(s => s.Name).Where(recorded.ContainsKey)]);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLock})", CancellationToken.None);
        }
    }

    /// <summary>
    /// `CallCenter.Silo migrate`: applies the scripts to Orleans:ConnectionString (with Redis clustering, to
    /// Orleans:RecordsConnectionString, and nothing when the records are kept in Redis) and says what it did. Exit code 0 or 1.
    /// </summary>
    public static async Task<int> RunCommandAsync(IConfiguration configuration, TextWriter output)
    {
        try
        {
            if (configuration.GetClusteringOptions<ClusteringOptions>().MigrationConnectionString() is not { } connectionString)
            {
                // Redis needs no schema; the init containers and scripts that always run `migrate` may go on.
                await output.WriteLineAsync("migrate: nothing to do: Redis clustering keeps everything in Redis, which needs no schema "
                    + "(Orleans:RecordsConnectionString would put the call records in PostgreSQL)");
                return 0;
            }

            var result = await ApplyAsync(connectionString);
            foreach (var name in result.AlreadyApplied)
            {
                await output.WriteLineAsync($"migrate: {name} already applied");
            }

            foreach (var name in result.Applied)
            {
                await output.WriteLineAsync($"migrate: {name} applied");
            }

            await output.WriteLineAsync($"migrate: done ({result.Applied.Count} applied, {result.AlreadyApplied.Count} already applied)");
            return 0;
        }
        catch (Exception ex) when (ex is MigrationException or InvalidOperationException or NpgsqlException)
        {
            await output.WriteLineAsync($"migrate: failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<Dictionary<string, string>> ReadRecordedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT name, sha256 FROM {Table}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetString(0)] = reader.GetString(1);
        }

        return recorded;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static MigrationScript[] LoadScripts()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var bytes = buffer.ToArray();
                return new MigrationScript(name[ResourcePrefix.Length..], System.Text.Encoding.UTF8.GetString(bytes),
                    Convert.ToHexStringLower(SHA256.HashData(bytes)));
            })];
    }
}
