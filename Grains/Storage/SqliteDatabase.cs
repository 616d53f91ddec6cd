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
        // Foreign keys and the busy timeout ride on the connection string, so pooled read connections need no set-up.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30, ForeignKeys = true }.ToString();
        using (var connection = Open())
        {
            // WAL lets readers run while the writer commits; it is a property of the file, set once.
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }
        _writer = Task.Run(WriteLoopAsync);
    }

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
    /// Queues a write for the next group commit and completes once it is durable. A write may run twice (when another
    /// write in its batch fails, the batch is rolled back and each write is retried alone), so it must decide from what
    /// it reads inside the transaction, never from an earlier run. A failing write fails only its own task.
    /// </summary>
    public Task WriteAsync(Action<SqliteWrite> write)
    {
        var pending = new PendingWrite(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_writes.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The database is shutting down.");
        }

        return pending.Done.Task;
    }

    /// <summary>A schema change for databases made by an older version: adds the column unless it is there.</summary>
    public void AddColumnIfMissing(string table, string column, string type)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $column";
        command.Parameters.AddWithValue("$column", column);
        if ((long)command.ExecuteScalar()! == 0)
        {
            ExecuteScript($"ALTER TABLE {table} ADD COLUMN {column} {type};");
        }
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
        SqliteWrite? writer = null;
        try
        {
            while (await _writes.Reader.WaitToReadAsync())
            {
                while (batch.Count < 512 && _writes.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                writer ??= new SqliteWrite(OpenForWriting());
                CommitBatch(writer, batch);
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
            writer?.Dispose();
        }
    }

    /// <summary>One transaction for the whole batch; if any write in it fails, each write is retried in its own.</summary>
    private void CommitBatch(SqliteWrite writer, List<PendingWrite> batch)
    {
        try
        {
            RunInTransaction(writer, batch);
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }

            return;
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            _logger.LogDebug(ex, "A group commit of {Count} writes failed; retrying them one by one.", batch.Count);
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }

        foreach (var item in batch)
        {
            try
            {
                RunInTransaction(writer, [item]);
                item.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                item.Done.TrySetException(ex);
            }
        }
    }

    private static void RunInTransaction(SqliteWrite writer, List<PendingWrite> items)
    {
        using var transaction = writer.Connection.BeginTransaction();
        writer.Transaction = transaction;
        try
        {
            foreach (var item in items)
            {
                item.Write(writer);
            }

            transaction.Commit();
        }
        finally
        {
            writer.Transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
        SqliteConnection.ClearAllPools();
    }

    private sealed record PendingWrite(Action<SqliteWrite> Write, TaskCompletionSource Done);
}

/// <summary>
/// The writer's connection inside a group-commit transaction. <see cref="Command"/> hands out one prepared command per
/// SQL text, kept for the writer's life, so the statements every turn runs are compiled once, not on every write.
/// </summary>
public sealed class SqliteWrite(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction? Transaction { get; internal set; }

    /// <summary>A prepared command for this SQL with no parameter values yet. Do not dispose it.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
