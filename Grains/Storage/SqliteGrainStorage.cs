using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace CallCenter.Storage;

/// <summary>
/// Orleans grain storage in the embedded SQLite database, with optimistic concurrency by ETag.
/// Writes go through the database's group commit. (Clustered deployments swap in the ADO.NET or Redis providers.)
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       INTEGER NOT NULL,
            data       BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;

    public SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer)
    {
        _database = database;
        _serializer = serializer;
        _database.ExecuteScript(Schema);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, data FROM grain_state WHERE state_name = $name AND grain_id = $id";
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$id", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.State = _serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(1)));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = _serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var next = (expected ?? 0) + 1;
        var id = grainId.ToString();
        await WriteAsync(stateName, id, expected, write =>
        {
            var command = write.Command(expected is null
                ? "INSERT INTO grain_state (state_name, grain_id, etag, data) VALUES ($name, $id, $next, $data) ON CONFLICT DO NOTHING"
                : "UPDATE grain_state SET etag = $next, data = $data WHERE state_name = $name AND grain_id = $id AND etag = $expected");
            command.Parameters.AddWithValue("$name", stateName);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$next", next);
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$expected", (object?)expected ?? DBNull.Value);
            return command;
        });
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var id = grainId.ToString();
        await WriteAsync(stateName, id, expected, write =>
        {
            var command = write.Command("DELETE FROM grain_state WHERE state_name = $name AND grain_id = $id AND ($expected IS NULL OR etag = $expected)");
            command.Parameters.AddWithValue("$name", stateName);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$expected", (object?)expected ?? DBNull.Value);
            return command;
        }, requireRow: expected is not null);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private Task WriteAsync(string stateName, string id, long? expected, Func<SqliteWrite, SqliteCommand> build, bool requireRow = true) =>
        _database.WriteAsync(write =>
        {
            if (build(write).ExecuteNonQuery() == 0 && requireRow)
            {
                throw new InconsistentStateException(
                    $"State '{stateName}' of grain {id} was changed by someone else (expected ETag {expected?.ToString(CultureInfo.InvariantCulture) ?? "none"}).");
            }
        });
}
