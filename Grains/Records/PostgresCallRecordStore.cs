using System.Text.Json;
using CallCenter.Calls;
using Npgsql;
using NpgsqlTypes;

namespace CallCenter.Records;

/// <summary>
/// The durable call records in PostgreSQL, shared by every silo of a cluster (Orleans:ClusteringMode=Postgres). The
/// tables come from deploy/postgres/005-callcenter-records.sql (the migration). A save is one round trip: the call's
/// row and its new turns in one batch, which PostgreSQL runs as one transaction.
/// </summary>
public sealed class PostgresCallRecordStore(NpgsqlDataSource dataSource) : ICallRecordStore
{
    private const string UpsertCall = """
        INSERT INTO call_records (call_id, channel, language, status, customer_id, started_at, ended_at, outcome, urgent, emotion_score,
            handoff_reason, turn_count, transferred_at, agent_id, disposition, disposition_note, summary, satisfaction)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        ON CONFLICT (call_id) DO UPDATE SET language = excluded.language, status = excluded.status, customer_id = excluded.customer_id,
            ended_at = excluded.ended_at, outcome = excluded.outcome, urgent = excluded.urgent, emotion_score = excluded.emotion_score,
            handoff_reason = excluded.handoff_reason, turn_count = excluded.turn_count, transferred_at = excluded.transferred_at,
            agent_id = excluded.agent_id, disposition = excluded.disposition, disposition_note = excluded.disposition_note,
            summary = excluded.summary, satisfaction = excluded.satisfaction
        """;

    private const string UpsertTurn = """
        INSERT INTO call_turns (call_id, seq, speaker, text, time, intent, entities, emotion, confidence, brain, heard, latency)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (call_id, seq) DO UPDATE SET speaker = excluded.speaker, text = excluded.text, time = excluded.time,
            intent = excluded.intent, entities = excluded.entities, emotion = excluded.emotion, confidence = excluded.confidence,
            brain = excluded.brain, heard = excluded.heard, latency = excluded.latency
        """;

    public async Task SaveAsync(CallSummary summary, IReadOnlyList<Turn> newTurns)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(UpsertCall,
            summary.CallId, summary.Channel.ToString(), summary.Language.ToString(), summary.Status.ToString(), summary.CustomerId,
            summary.StartedAt.ToUniversalTime(), summary.EndedAt?.ToUniversalTime(), summary.Outcome.ToString(), summary.Urgent,
            summary.EmotionScore, summary.HandoffReason, summary.TurnCount, summary.TransferredAt?.ToUniversalTime(), summary.AgentId,
            summary.Disposition?.ToString(), summary.DispositionNote, summary.Summary, summary.Satisfaction));
        foreach (var t in newTurns)
        {
            batch.BatchCommands.Add(Command(UpsertTurn,
                summary.CallId, t.Seq, t.Speaker.ToString(), t.Text, t.Time.ToUniversalTime(), t.Intent?.ToString(),
                JsonSerializer.Serialize(t.Entities), t.Emotion, t.Confidence, t.Brain, t.Heard,
                t.Latency is null ? null : JsonSerializer.Serialize(t.Latency)));
        }

        await batch.ExecuteNonQueryAsync();
    }

    public async Task<CallSummary[]> ListAsync(CallStatus? status, int limit)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {CallRecordRows.SummaryColumns} FROM call_records WHERE ($1::text IS NULL OR status = $1) ORDER BY started_at DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)status?.ToString() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await CallRecordRows.ReadSummariesAsync(command);
    }

    public async Task<CallRecord?> GetAsync(string callId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var header = new NpgsqlCommand($"SELECT {CallRecordRows.SummaryColumns} FROM call_records WHERE call_id = $1", connection);
        header.Parameters.Add(new NpgsqlParameter { Value = callId });
        await using var turns = TurnsCommand(connection, callId);
        return await CallRecordRows.ReadRecordAsync(header, turns);
    }

    public async Task<StoredCall[]> ReadCallsAsync(DateTimeOffset? since, long after, int maxCalls)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT position, {CallRecordRows.SummaryColumns} FROM call_records
            WHERE position > $1 AND ($2::timestamptz IS NULL OR ended_at IS NULL OR ended_at >= $2)
            ORDER BY position LIMIT $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)since?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = maxCalls });
        return await CallRecordRows.ReadCallsAsync(command, callId => TurnsCommand(connection, callId));
    }

    public async Task<string[]> StartedBeforeAsync(DateTimeOffset cutoff, int limit)
    {
        await using var command = dataSource.CreateCommand("SELECT call_id FROM call_records WHERE started_at < $1 ORDER BY started_at LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
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
        // One batch, one transaction: the turns, then the calls (whose count is the answer).
        await using var batch = dataSource.CreateBatch();
        var ids = (object)callIds.ToArray();
        batch.BatchCommands.Add(Command("DELETE FROM call_turns WHERE call_id = ANY($1)", ids));
        batch.BatchCommands.Add(Command("DELETE FROM call_records WHERE call_id = ANY($1)", ids));
        await batch.ExecuteNonQueryAsync();
        return batch.BatchCommands[1].RecordsAffected;
    }

    private static NpgsqlCommand TurnsCommand(NpgsqlConnection connection, string callId)
    {
        var command = new NpgsqlCommand($"SELECT {CallRecordRows.TurnColumns} FROM call_turns WHERE call_id = $1 ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = callId });
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            // A null's type cannot be inferred from the value; PostgreSQL infers it from the statement.
            command.Parameters.Add(value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown } : new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
