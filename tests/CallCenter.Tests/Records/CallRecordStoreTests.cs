using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Records;
using CallCenter.Storage;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Records;

/// <summary>
/// What every call record store does (SQLite here; PostgreSQL in <see cref="Cluster.PostgresCallRecordStoreTests"/>): the
/// after-call fields, reading in pages.
/// </summary>
public abstract class CallRecordStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store.</summary>
    protected abstract Task<ICallRecordStore> NewStoreAsync();

    protected static CallSummary Summary(string id, DateTimeOffset? endedAt = null, int turns = 0) => new(
        id, CallChannel.Chat, Language.En, endedAt is null ? CallStatus.Active : CallStatus.Ended, "C002", T0, endedAt,
        endedAt is null ? CallOutcome.None : CallOutcome.ResolvedByAi, false, -0.25, null, turns);

    protected static Turn Turn(int seq, Speaker speaker, string text, int second) =>
        new(seq, speaker, text, T0.AddSeconds(second), speaker == Speaker.Caller ? Intent.OrderStatus : null, [], null, null, null);

    [Fact]
    public async Task The_after_call_fields_round_trip()
    {
        var store = await NewStoreAsync();
        var ended = Summary("c1", T0.AddMinutes(3), 2) with
        {
            Status = CallStatus.Ended, Outcome = CallOutcome.ResolvedByAgent, HandoffReason = "caller asked", TransferredAt = T0.AddMinutes(1),
            AgentId = "alice", Disposition = Disposition.FollowUp, DispositionNote = "call back Friday", Summary = "Bob Martinez (C002), English. 中文也行.",
            Satisfaction = 3.5,
        };

        await store.SaveAsync(Summary("c1"), [Turn(1, Speaker.Bot, "Hi", 0)]);
        await store.SaveAsync(ended, [Turn(2, Speaker.Caller, "where is A1004", 1)]);

        var record = (await store.GetAsync("c1"))!;
        Assert.Equal(ended, record.Summary);
        Assert.Equal(["Hi", "where is A1004"], record.Turns.Select(t => t.Text));
        Assert.Equal(ended, Assert.Single(await store.ListAsync(CallStatus.Ended, 10)));
    }

    [Fact]
    public async Task A_call_without_after_call_data_reads_back_with_nulls()
    {
        var store = await NewStoreAsync();
        await store.SaveAsync(Summary("plain"), []);

        var read = (await store.GetAsync("plain"))!.Summary;
        Assert.Equal(Summary("plain"), read);
        Assert.Null(read.Disposition);
        Assert.Null(read.Satisfaction);
    }

    [Fact]
    public async Task A_turn_keeps_its_entities_voice_figures_and_what_was_heard_and_a_turn_written_again_is_replaced()
    {
        var store = await NewStoreAsync();
        var spoken = new Turn(1, Speaker.Caller, "where is A1004", T0.AddSeconds(2), Intent.OrderStatus,
            [new Entity(EntityTypes.OrderNumber, "A1004"), new Entity(EntityTypes.Product, "P400")], -0.4, 0.82, null,
            Latency: new VoiceLatency(210.5, 35, 120.25));
        var bot = new Turn(2, Speaker.Bot, "Order A1004 is delayed.", T0.AddSeconds(3), null, [], null, null, "embedded", Heard: "Order A1004");

        await store.SaveAsync(Summary("v", turns: 2) with { Channel = CallChannel.Voice }, [spoken, bot with { Heard = null }]);
        await store.SaveAsync(Summary("v", turns: 2) with { Channel = CallChannel.Voice }, [bot]);

        var record = (await store.GetAsync("v"))!;
        Assert.Equal(CallChannel.Voice, record.Summary.Channel);
        Assert.Equal(2, record.Turns.Length);
        Assert.Equal(spoken.Entities, record.Turns[0].Entities);
        Assert.Equal(spoken with { Entities = record.Turns[0].Entities }, record.Turns[0]);
        Assert.Equal(bot with { Entities = record.Turns[1].Entities }, record.Turns[1]);
        Assert.Null(await store.GetAsync("nobody"));
    }

    [Fact]
    public async Task Calls_are_read_in_pages_in_the_order_they_were_first_written()
    {
        var store = await NewStoreAsync();
        await store.SaveAsync(Summary("a", T0.AddMinutes(1), 1), [Turn(1, Speaker.Bot, "a1", 0)]);
        await store.SaveAsync(Summary("b"), [Turn(1, Speaker.Bot, "b1", 0)]);
        await store.SaveAsync(Summary("c"), [Turn(1, Speaker.Bot, "c1", 0)]);
        await store.SaveAsync(Summary("a", T0.AddMinutes(1), 2) with { Satisfaction = 4 }, [Turn(2, Speaker.Caller, "a2", 5)]); // an update keeps its place

        var first = await store.ReadCallsAsync(null, 0, 2);
        Assert.Equal(["a", "b"], first.Select(c => c.Record.Summary.CallId));
        Assert.Equal(["a1", "a2"], first[0].Record.Turns.Select(t => t.Text));
        var rest = await store.ReadCallsAsync(null, first[^1].Position, 2);
        Assert.Equal(["c"], rest.Select(c => c.Record.Summary.CallId));
        Assert.Empty(await store.ReadCallsAsync(null, rest[^1].Position, 2));

        // Since a time: calls that ended before it are left out; calls still going are not.
        var since = await store.ReadCallsAsync(T0.AddMinutes(2), 0, 10);
        Assert.Equal(["b", "c"], since.Select(c => c.Record.Summary.CallId));
        Assert.Equal(["a", "b", "c"], (await store.ReadCallsAsync(T0.AddMinutes(1), 0, 10)).Select(c => c.Record.Summary.CallId));
    }

    [Fact]
    public async Task Retention_finds_the_calls_started_before_a_time_oldest_first_and_deletes_them_whole()
    {
        var store = await NewStoreAsync();
        foreach (var day in new[] { 3, 0, 4, 1, 2 })
        {
            await store.SaveAsync(Summary($"day{day}") with { StartedAt = T0.AddDays(day) }, [Turn(1, Speaker.Bot, "Hi", 0), Turn(2, Speaker.Caller, "where is A1004", 1)]);
        }

        // Started before the cutoff, oldest first; one started exactly at it stays.
        Assert.Equal(["day0", "day1"], await store.StartedBeforeAsync(T0.AddDays(2), 10));
        Assert.Equal(["day0"], await store.StartedBeforeAsync(T0.AddDays(2), 1));

        Assert.Equal(2, await store.DeleteAsync(["day0", "day1"]));

        Assert.Null(await store.GetAsync("day0"));
        Assert.Empty(await store.StartedBeforeAsync(T0.AddDays(2), 10));
        Assert.Equal(["day2", "day3", "day4"], (await store.ListAsync(null, 10)).Select(c => c.CallId).Order());
        Assert.Equal(["day3", "day4", "day2"], (await store.ReadCallsAsync(null, 0, 10)).Select(c => c.Record.Summary.CallId));
        Assert.Equal(2, (await store.GetAsync("day2"))!.Turns.Length);
        // Deleting again, or what never was, deletes nothing; the turns went too (the id starts afresh).
        Assert.Equal(0, await store.DeleteAsync(["day0", "nobody"]));
        await store.SaveAsync(Summary("day0"), []);
        Assert.Empty((await store.GetAsync("day0"))!.Turns);
    }
}

/// <summary>The durable call records in SQLite, and the migration of files from older versions.</summary>
public sealed class CallRecordStoreTests : CallRecordStoreContract, IAsyncLifetime
{
    private readonly SqliteDatabase _database = new(
        Options.Create(new StorageOptions { SqlitePath = TestPaths.NewDatabase("records") }), NullLogger<SqliteDatabase>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected override Task<ICallRecordStore> NewStoreAsync() => Task.FromResult<ICallRecordStore>(new SqliteCallRecordStore(_database));

    [Fact]
    public async Task A_database_from_before_human_agents_gets_the_new_columns_and_keeps_its_calls()
    {
        // The tables as the first versions made them: no after-call columns, no voice columns on the turns.
        _database.ExecuteScript("""
            CREATE TABLE call_records (
                call_id TEXT PRIMARY KEY, channel TEXT NOT NULL, language TEXT NOT NULL, status TEXT NOT NULL, customer_id TEXT,
                started_at TEXT NOT NULL, ended_at TEXT, outcome TEXT NOT NULL, urgent INTEGER NOT NULL, emotion_score REAL NOT NULL,
                handoff_reason TEXT, turn_count INTEGER NOT NULL);
            CREATE TABLE call_turns (
                call_id TEXT NOT NULL REFERENCES call_records (call_id), seq INTEGER NOT NULL, speaker TEXT NOT NULL, text TEXT NOT NULL,
                time TEXT NOT NULL, intent TEXT, entities TEXT NOT NULL, emotion REAL, confidence REAL, brain TEXT,
                PRIMARY KEY (call_id, seq)) WITHOUT ROWID;
            INSERT INTO call_records VALUES ('old', 'Chat', 'Zh', 'Ended', NULL, '2026-11-20T09:00:00.0000000+00:00',
                '2026-11-20T09:05:00.0000000+00:00', 'ResolvedByAi', 0, 0.1, NULL, 1);
            INSERT INTO call_turns VALUES ('old', 1, 'Bot', '您好', '2026-11-20T09:00:00.0000000+00:00', NULL, '[]', NULL, NULL, 'embedded');
            """);

        var store = new SqliteCallRecordStore(_database);
        _ = new SqliteCallRecordStore(_database); // a second start changes nothing

        var old = (await store.GetAsync("old"))!;
        Assert.Equal(CallOutcome.ResolvedByAi, old.Summary.Outcome);
        Assert.Equal(Language.Zh, old.Summary.Language);
        Assert.Null(old.Summary.Summary);
        Assert.Null(old.Summary.Satisfaction);
        Assert.Null(old.Summary.Disposition);
        Assert.Null(old.Summary.TransferredAt);
        Assert.Equal("您好", Assert.Single(old.Turns).Text);

        var updated = old.Summary with { Summary = "Unidentified caller, Chinese.", Satisfaction = 4, Disposition = Disposition.Resolved, AgentId = "li" };
        await store.SaveAsync(updated, [Turn(2, Speaker.Caller, "谢谢", 10) with { Heard = "x" }]);
        var read = (await store.GetAsync("old"))!;
        Assert.Equal(updated, read.Summary);
        Assert.Equal("x", read.Turns[1].Heard);
        Assert.Contains(await store.ListAsync(null, 10), s => s == updated);
    }
}
