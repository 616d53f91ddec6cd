using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Storage;

/// <summary>
/// The embedded SQLite database. Reads open a pooled connection each; writes go through one writer that
/// commits whatever has queued up in a single transaction (group commit), so hundreds of calls can each
/// write every turn durably without serializing on one transaction per turn.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly string _synchronous;
    private readonly Task _writer;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        _logger = logger;
        var path = Path.GetFullPath(options.Value.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _synchronous = options.Value.Synchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            var other => throw new ArgumentException($"Storage:Synchronous must be Normal or Full, not '{other}'."),
        };
        FilePath = path;
        // Foreign keys and the busy timeout ride on the connection string, so pooled read connections need no set-up.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30, ForeignKeys = true }.ToString();
        using (var connection = Open())
        {
            // WAL lets readers run while the writer commits; it is a property of the file, set once.
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>Opens a pooled connection for reading.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Opens a connection for writing, with the configured durability.</summary>
    private SqliteConnection OpenForWriting()
    {
        var connection = Open();
        Execute(connection, $"PRAGMA synchronous={_synchronous};");
        return connection;
    }

    /// <summary>Runs a schema or seed script in its own transaction, before the engine serves.</summary>
    public void ExecuteScript(string sql)
    {
        using var connection = OpenForWriting();
        using var transaction = connection.BeginTransaction();
        Execute(connection, sql, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Queues a write for the next group commit and completes once it is durable. If this write fails, only
    /// it is rolled back (savepoint) and its exception is returned; the others in the batch still commit.
    /// </summary>
    public Task WriteAsync(Action<SqliteConnection, SqliteTransaction> write)
    {
        var pending = new PendingWrite(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_writes.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The database is shutting down.");
        }

        return pending.Done.Task;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(256);
        SqliteConnection? connection = null;
        try
        {
            while (await _writes.Reader.WaitToReadAsync())
            {
                while (batch.Count < 512 && _writes.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                connection ??= OpenForWriting();
                CommitBatch(connection, batch);
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "The SQLite writer stopped; queued writes fail.");
            foreach (var item in batch)
            {
                item.Done.TrySetException(ex);
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private void CommitBatch(SqliteConnection connection, List<PendingWrite> batch)
    {
        var failed = new Dictionary<PendingWrite, Exception>();
        try
        {
            using var transaction = connection.BeginTransaction();
            foreach (var item in batch)
            {
                Execute(connection, "SAVEPOINT w;", transaction);
                try
                {
                    item.Write(connection, transaction);
                    Execute(connection, "RELEASE w;", transaction);
                }
                catch (Exception ex)
                {
                    Execute(connection, "ROLLBACK TO w; RELEASE w;", transaction);
                    failed[item] = ex;
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A group commit of {Count} writes failed.", batch.Count);
            foreach (var item in batch)
            {
                item.Done.TrySetException(ex);
            }

            return;
        }

        foreach (var item in batch)
        {
            if (failed.TryGetValue(item, out var error))
            {
                item.Done.TrySetException(error);
            }
            else
            {
                item.Done.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
        SqliteConnection.ClearAllPools();
    }

    private sealed record PendingWrite(Action<SqliteConnection, SqliteTransaction> Write, TaskCompletionSource Done);
}
