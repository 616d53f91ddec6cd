using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CallCenter.Calls;

namespace CallCenter.Records;

/// <summary>
/// The columns both call record stores read, in one order, and how their rows become summaries, turns and pages of
/// calls. SQLite keeps times as ISO 8601 text and flags as integers; PostgreSQL as timestamptz and boolean.
/// </summary>
internal static class CallRecordRows
{
    public const string SummaryColumns = "call_id, channel, language, status, customer_id, started_at, ended_at, outcome, urgent, emotion_score, "
        + "handoff_reason, turn_count, transferred_at, agent_id, disposition, disposition_note, summary, satisfaction";

    public const string TurnColumns = "seq, speaker, text, time, intent, entities, emotion, confidence, brain, heard, latency";

    /// <summary>Every row of a query of <see cref="SummaryColumns"/>.</summary>
    public static async Task<CallSummary[]> ReadSummariesAsync(DbCommand command)
    {
        var result = new List<CallSummary>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(Summary(reader, first: 0));
        }

        return [.. result];
    }

    /// <summary>A call's record: its header (a query of <see cref="SummaryColumns"/>) and turns, or null when there is no header.</summary>
    public static async Task<CallRecord?> ReadRecordAsync(DbCommand header, DbCommand turns)
    {
        var summary = (await ReadSummariesAsync(header)).FirstOrDefault();
        return summary is null ? null : new CallRecord(summary, await ReadTurnsAsync(turns));
    }

    /// <summary>
    /// Whole calls from a query of the position, then <see cref="SummaryColumns"/>; each call's turns from the command
    /// <paramref name="turns"/> makes for its id.
    /// </summary>
    public static async Task<StoredCall[]> ReadCallsAsync(DbCommand headers, Func<string, DbCommand> turns)
    {
        var found = new List<(long Position, CallSummary Summary)>();
        await using (var reader = await headers.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetInt64(0), Summary(reader, first: 1)));
            }
        }

        var calls = new StoredCall[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            await using var command = turns(found[i].Summary.CallId);
            calls[i] = new StoredCall(found[i].Position, new CallRecord(found[i].Summary, await ReadTurnsAsync(command)));
        }

        return calls;
    }

    /// <summary>Every row of a query of <see cref="TurnColumns"/>.</summary>
    public static async Task<Turn[]> ReadTurnsAsync(DbCommand command)
    {
        var list = new List<Turn>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new Turn(
                reader.GetInt32(0),
                Enum.Parse<Speaker>(reader.GetString(1)),
                reader.GetString(2),
                Time(reader, 3),
                reader.IsDBNull(4) ? null : Enum.Parse<Intent>(reader.GetString(4)),
                JsonSerializer.Deserialize<Entity[]>(reader.GetString(5)) ?? [],
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7),
                Text(reader, 8),
                Text(reader, 9),
                reader.IsDBNull(10) ? null : JsonSerializer.Deserialize<VoiceLatency>(reader.GetString(10))));
        }

        return [.. list];
    }

    private static CallSummary Summary(DbDataReader reader, int first)
    {
        var i = first;
        return new(
            reader.GetString(i),
            Enum.Parse<CallChannel>(reader.GetString(i + 1)),
            Enum.Parse<Language>(reader.GetString(i + 2)),
            Enum.Parse<CallStatus>(reader.GetString(i + 3)),
            Text(reader, i + 4),
            Time(reader, i + 5),
            reader.IsDBNull(i + 6) ? null : Time(reader, i + 6),
            Enum.Parse<CallOutcome>(reader.GetString(i + 7)),
            Convert.ToBoolean(reader.GetValue(i + 8), CultureInfo.InvariantCulture),
            reader.GetDouble(i + 9),
            Text(reader, i + 10),
            reader.GetInt32(i + 11),
            reader.IsDBNull(i + 12) ? null : Time(reader, i + 12),
            Text(reader, i + 13),
            reader.IsDBNull(i + 14) ? null : Enum.Parse<Agents.Disposition>(reader.GetString(i + 14)),
            Text(reader, i + 15),
            Text(reader, i + 16),
            reader.IsDBNull(i + 17) ? null : reader.GetDouble(i + 17));
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset Time(DbDataReader reader, int column) => reader.GetValue(column) switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        var other => throw new InvalidCastException($"A time column holds a {other.GetType().Name}."),
    };
}
