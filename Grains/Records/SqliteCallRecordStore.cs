using System.Globalization;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Storage;
using Microsoft.Data.Sqlite;

namespace CallCenter.Records;

public sealed class SqliteCallRecordStore : ICallRecordStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS call_records (
            call_id        TEXT PRIMARY KEY,
            channel        TEXT NOT NULL,
            language       TEXT NOT NULL,
            status         TEXT NOT NULL,
            customer_id    TEXT,
            started_at     TEXT NOT NULL,
            ended_at       TEXT,
            outcome        TEXT NOT NULL,
            urgent         INTEGER NOT NULL,
            emotion_score  REAL NOT NULL,
            handoff_reason TEXT,
            turn_count     INTEGER NOT NULL,
            transferred_at TEXT,
            agent_id       TEXT,
            disposition    TEXT,
            disposition_note TEXT,
            summary        TEXT,
            satisfaction   REAL
        );
        CREATE INDEX IF NOT EXISTS ix_call_records_status ON call_records (status, started_at);
        CREATE INDEX IF NOT EXISTS ix_call_records_started ON call_records (started_at);
        CREATE TABLE IF NOT EXISTS call_turns (
            call_id    TEXT NOT NULL REFERENCES call_records (call_id),
            seq        INTEGER NOT NULL,
            speaker    TEXT NOT NULL,
            text       TEXT NOT NULL,
            time       TEXT NOT NULL,
            intent     TEXT,
            entities   TEXT NOT NULL,
            emotion    REAL,
            confidence REAL,
            brain      TEXT,
            heard      TEXT,
            latency    TEXT,
            PRIMARY KEY (call_id, seq)
        ) WITHOUT ROWID;
        """;

    private const string UpsertCall = """
        INSERT INTO call_records (call_id, channel, language, status, customer_id, started_at, ended_at, outcome, urgent, emotion_score, handoff_reason, turn_count,
            transferred_at, agent_id, disposition, disposition_note, summary, satisfaction)
        VALUES ($id, $channel, $language, $status, $customer, $started, $ended, $outcome, $urgent, $emotion, $handoff, $turns,
            $transferred, $agent, $disposition, $note, $summary, $satisfaction)
        ON CONFLICT (call_id) DO UPDATE SET language = excluded.language, status = excluded.status, customer_id = excluded.customer_id,
            ended_at = excluded.ended_at, outcome = excluded.outcome, urgent = excluded.urgent, emotion_score = excluded.emotion_score,
            handoff_reason = excluded.handoff_reason, turn_count = excluded.turn_count, transferred_at = excluded.transferred_at,
            agent_id = excluded.agent_id, disposition = excluded.disposition, disposition_note = excluded.disposition_note,
            summary = excluded.summary, satisfaction = excluded.satisfaction
        """;

    private const string InsertTurn = """
        INSERT OR REPLACE INTO call_turns (call_id, seq, speaker, text, time, intent, entities, emotion, confidence, brain, heard, latency)
        VALUES ($id, $seq, $speaker, $text, $time, $intent, $entities, $emotion, $confidence, $brain, $heard, $latency)
        """;

    private static readonly string[] TurnParameters = ["$id", "$seq", "$speaker", "$text", "$time", "$intent", "$entities", "$emotion", "$confidence", "$brain", "$heard", "$latency"];

    private readonly SqliteDatabase _database;

    public SqliteCallRecordStore(SqliteDatabase database)
    {
        _database = database;
        _database.ExecuteScript(Schema);
        // Databases created before voice turns existed get the columns added.
        _database.AddColumnIfMissing("call_turns", "heard", "TEXT");
        _database.AddColumnIfMissing("call_turns", "latency", "TEXT");
        // ... and, before human agents, the after-call columns.
        _database.AddColumnIfMissing("call_records", "transferred_at", "TEXT");
        _database.AddColumnIfMissing("call_records", "agent_id", "TEXT");
        _database.AddColumnIfMissing("call_records", "disposition", "TEXT");
        _database.AddColumnIfMissing("call_records", "disposition_note", "TEXT");
        _database.AddColumnIfMissing("call_records", "summary", "TEXT");
        _database.AddColumnIfMissing("call_records", "satisfaction", "REAL");
    }

    public Task SaveAsync(CallSummary summary, IReadOnlyList<Turn> newTurns) =>
        _database.WriteAsync(write =>
        {
            var call = write.Command(UpsertCall);
            call.Parameters.AddWithValue("$id", summary.CallId);
            call.Parameters.AddWithValue("$channel", summary.Channel.ToString());
            call.Parameters.AddWithValue("$language", summary.Language.ToString());
            call.Parameters.AddWithValue("$status", summary.Status.ToString());
            call.Parameters.AddWithValue("$customer", (object?)summary.CustomerId ?? DBNull.Value);
            call.Parameters.AddWithValue("$started", summary.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            call.Parameters.AddWithValue("$ended", (object?)summary.EndedAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
            call.Parameters.AddWithValue("$outcome", summary.Outcome.ToString());
            call.Parameters.AddWithValue("$urgent", summary.Urgent ? 1 : 0);
            call.Parameters.AddWithValue("$emotion", summary.EmotionScore);
            call.Parameters.AddWithValue("$handoff", (object?)summary.HandoffReason ?? DBNull.Value);
            call.Parameters.AddWithValue("$turns", summary.TurnCount);
            call.Parameters.AddWithValue("$transferred", (object?)summary.TransferredAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
            call.Parameters.AddWithValue("$agent", (object?)summary.AgentId ?? DBNull.Value);
            call.Parameters.AddWithValue("$disposition", (object?)summary.Disposition?.ToString() ?? DBNull.Value);
            call.Parameters.AddWithValue("$note", (object?)summary.DispositionNote ?? DBNull.Value);
            call.Parameters.AddWithValue("$summary", (object?)summary.Summary ?? DBNull.Value);
            call.Parameters.AddWithValue("$satisfaction", (object?)summary.Satisfaction ?? DBNull.Value);
            call.ExecuteNonQuery();

            if (newTurns.Count == 0)
            {
                return;
            }

            var turn = write.Command(InsertTurn);
            var p = TurnParameters.Select(name => turn.Parameters.Add(name, SqliteType.Text)).ToArray();
            foreach (var t in newTurns)
            {
                p[0].Value = summary.CallId;
                p[1].Value = t.Seq;
                p[2].Value = t.Speaker.ToString();
                p[3].Value = t.Text;
                p[4].Value = t.Time.ToString("O", CultureInfo.InvariantCulture);
                p[5].Value = (object?)t.Intent?.ToString() ?? DBNull.Value;
                p[6].Value = JsonSerializer.Serialize(t.Entities);
                p[7].Value = (object?)t.Emotion ?? DBNull.Value;
                p[8].Value = (object?)t.Confidence ?? DBNull.Value;
                p[9].Value = (object?)t.Brain ?? DBNull.Value;
                p[10].Value = (object?)t.Heard ?? DBNull.Value;
                p[11].Value = t.Latency is null ? DBNull.Value : JsonSerializer.Serialize(t.Latency);
                turn.ExecuteNonQuery();
            }
        });

    public async Task<CallSummary[]> ListAsync(CallStatus? status, int limit)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = status is null
            ? $"SELECT {CallRecordRows.SummaryColumns} FROM call_records ORDER BY started_at DESC LIMIT $limit"
            : $"SELECT {CallRecordRows.SummaryColumns} FROM call_records WHERE status = $status ORDER BY started_at DESC LIMIT $limit";
        command.Parameters.AddWithValue("$status", status?.ToString() ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return await CallRecordRows.ReadSummariesAsync(command);
    }

    public async Task<CallRecord?> GetAsync(string callId)
    {
        await using var connection = _database.Open();
        await using var header = connection.CreateCommand();
        header.CommandText = $"SELECT {CallRecordRows.SummaryColumns} FROM call_records WHERE call_id = $id";
        header.Parameters.AddWithValue("$id", callId);
        await using var turns = TurnsCommand(connection, callId);
        return await CallRecordRows.ReadRecordAsync(header, turns);
    }

    public async Task<StoredCall[]> ReadCallsAsync(DateTimeOffset? since, long after, int maxCalls)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        // The rowid is the order calls were first written (an upsert keeps it): a cursor that needs no index of its own.
        command.CommandText = $"""
            SELECT rowid, {CallRecordRows.SummaryColumns} FROM call_records
            WHERE rowid > $after AND ($since IS NULL OR ended_at IS NULL OR ended_at >= $since)
            ORDER BY rowid LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$since", (object?)since?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", maxCalls);
        return await CallRecordRows.ReadCallsAsync(command, callId => TurnsCommand(connection, callId));
    }

    public async Task<string[]> StartedBeforeAsync(DateTimeOffset cutoff, int limit)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT call_id FROM call_records WHERE started_at < $cutoff ORDER BY started_at LIMIT $limit";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }

    public async Task<int> DeleteAsync(IReadOnlyCollection<string> callIds)
    {
        var deleted = 0;
        await _database.WriteAsync(write =>
        {
            var turns = write.Command("DELETE FROM call_turns WHERE call_id = $id");
            var call = write.Command("DELETE FROM call_records WHERE call_id = $id");
            var turnId = turns.Parameters.Add("$id", SqliteType.Text);
            var callId = call.Parameters.Add("$id", SqliteType.Text);
            deleted = 0;
            foreach (var id in callIds)
            {
                turnId.Value = callId.Value = id;
                turns.ExecuteNonQuery();
                deleted += call.ExecuteNonQuery();
            }
        });
        return deleted;
    }

    private static SqliteCommand TurnsCommand(SqliteConnection connection, string callId)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CallRecordRows.TurnColumns} FROM call_turns WHERE call_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", callId);
        return command;
    }
}
