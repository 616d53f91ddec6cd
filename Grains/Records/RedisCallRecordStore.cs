using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenter.Calls;
using StackExchange.Redis;

namespace CallCenter.Records;

/// <summary>
/// The durable call records in Redis, shared by every silo of a cluster (Orleans:ClusteringMode=Redis without
/// Orleans:RecordsConnectionString). Under the prefix <c>{ServiceId/records}/</c>: a hash per call (<c>call/ID</c>: its
/// summary as JSON, its position, its status), a hash of its turns by number (<c>turns/ID</c>), and sorted sets that
/// stand in for the SQL stores' indexes: by position (the order calls were first written, the export's cursor), by start
/// time, and by start time per status (the list). A save is one script, so Redis applies it whole or not at all.
/// The braces make the prefix a hash tag: every key of the records is in one slot, as a script on a Redis Cluster needs.
/// </summary>
public sealed class RedisCallRecordStore : ICallRecordStore
{
    // KEYS: 1 the call, 2 its turns, 3 the position counter, 4 by position, 5 by start, 6.. by start for each status.
    // ARGV: 1 call id, 2 summary JSON, 3 start score, 4 which of KEYS[6..] is the call's status (1-based), then seq/turn pairs.
    private const string SaveScript = """
        local position = redis.call('HGET', KEYS[1], 'position')
        if not position then
          position = redis.call('INCR', KEYS[3])
          redis.call('ZADD', KEYS[4], position, ARGV[1])
        end
        redis.call('HSET', KEYS[1], 'summary', ARGV[2], 'position', position)
        redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
        local status = 5 + tonumber(ARGV[4])
        for i = 6, #KEYS do
          if i == status then redis.call('ZADD', KEYS[i], ARGV[3], ARGV[1]) else redis.call('ZREM', KEYS[i], ARGV[1]) end
        end
        for i = 5, #ARGV, 2 do
          redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
        end
        return position
        """;

    // KEYS: 1 by position, 2 by start, 3.. by start for each status, then the call's and its turns' keys for each call.
    // ARGV: 1 how many statuses, then the call ids. Returns how many calls there were.
    private const string DeleteScript = """
        local statuses = tonumber(ARGV[1])
        local deleted = 0
        for i = 2, #ARGV do
          local k = 3 + statuses + (i - 2) * 2
          deleted = deleted + redis.call('DEL', KEYS[k])
          redis.call('DEL', KEYS[k + 1])
          redis.call('ZREM', KEYS[1], ARGV[i])
          for s = 2, 2 + statuses do redis.call('ZREM', KEYS[s], ARGV[i]) end
        end
        return deleted
        """;

    // Enums by name: a record written today must read back after the enums gain members.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly CallStatus[] Statuses = Enum.GetValues<CallStatus>();

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly string _prefix;

    /// <param name="connect">The connection (shared with Orleans' Redis providers in a silo).</param>
    /// <param name="serviceId">Orleans' ServiceId: the records of one service, as Orleans keys its grain state.</param>
    public RedisCallRecordStore(Func<Task<IConnectionMultiplexer>> connect, string serviceId)
    {
        _connect = connect;
        _prefix = $"{{{serviceId}/records}}/";
    }

    public async Task SaveAsync(CallSummary summary, IReadOnlyList<Turn> newTurns)
    {
        var database = await DatabaseAsync();
        var keys = new List<RedisKey>
        {
            CallKey(summary.CallId), TurnsKey(summary.CallId), _prefix + "next-position", ByPositionKey, ByStartKey(null),
        };
        keys.AddRange(Statuses.Select(s => (RedisKey)ByStartKey(s)));
        var values = new List<RedisValue>
        {
            summary.CallId, JsonSerializer.Serialize(summary, Json), summary.StartedAt.ToUnixTimeMilliseconds(),
            Array.IndexOf(Statuses, summary.Status) + 1,
        };
        foreach (var turn in newTurns)
        {
            values.Add(turn.Seq);
            values.Add(JsonSerializer.Serialize(turn, Json));
        }

        await database.ScriptEvaluateAsync(SaveScript, [.. keys], [.. values]);
    }

    public async Task<CallSummary[]> ListAsync(CallStatus? status, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        var database = await DatabaseAsync();
        var ids = await database.SortedSetRangeByRankAsync(ByStartKey(status), 0, limit - 1, Order.Descending);
        var summaries = await Task.WhenAll(ids.Select(id => database.HashGetAsync(CallKey(id!), "summary")));
        return [.. summaries.Where(s => s.HasValue).Select(s => Summary(s))];
    }

    public async Task<CallRecord?> GetAsync(string callId) => await ReadAsync(await DatabaseAsync(), callId);

    public async Task<StoredCall[]> ReadCallsAsync(DateTimeOffset? since, long after, int maxCalls)
    {
        var database = await DatabaseAsync();
        var calls = new List<StoredCall>();
        // Calls that ended before `since` are passed over, so a page may take several reads to fill.
        while (calls.Count < maxCalls)
        {
            var page = await database.SortedSetRangeByScoreWithScoresAsync(
                ByPositionKey, after, double.PositiveInfinity, Exclude.Start, take: maxCalls - calls.Count);
            if (page.Length == 0)
            {
                break;
            }

            var records = await Task.WhenAll(page.Select(entry => ReadAsync(database, entry.Element!)));
            calls.AddRange(page.Zip(records)
                .Where(c => c.Second is { } record && (since is null || record.Summary.EndedAt is null || record.Summary.EndedAt >= since))
                .Select(c => new StoredCall((long)c.First.Score, c.Second!)));
            after = (long)page[^1].Score;
        }

        return [.. calls];
    }

    public async Task<string[]> StartedBeforeAsync(DateTimeOffset cutoff, int limit)
    {
        var ids = await (await DatabaseAsync()).SortedSetRangeByScoreAsync(
            ByStartKey(null), double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds(), Exclude.Stop, Order.Ascending, 0, limit);
        return [.. ids.Select(id => id.ToString())];
    }

    public async Task<int> DeleteAsync(IReadOnlyCollection<string> callIds)
    {
        if (callIds.Count == 0)
        {
            return 0;
        }

        // One script: the call, its turns and its place in every index go together.
        var keys = new List<RedisKey> { ByPositionKey, ByStartKey(null) };
        keys.AddRange(Statuses.Select(s => (RedisKey)ByStartKey(s)));
        var values = new List<RedisValue> { Statuses.Length };
        foreach (var id in callIds)
        {
            keys.Add(CallKey(id));
            keys.Add(TurnsKey(id));
            values.Add(id);
        }

        return (int)await (await DatabaseAsync()).ScriptEvaluateAsync(DeleteScript, [.. keys], [.. values]);
    }

    private string ByPositionKey => _prefix + "by-position";

    private string CallKey(string callId) => _prefix + "call/" + callId;

    private string TurnsKey(string callId) => _prefix + "turns/" + callId;

    private string ByStartKey(CallStatus? status) => _prefix + (status is null ? "by-start" : "by-start/" + status);

    private async Task<IDatabase> DatabaseAsync() => (await _connect()).GetDatabase();

    private async Task<CallRecord?> ReadAsync(IDatabase database, string callId)
    {
        var summary = database.HashGetAsync(CallKey(callId), "summary");
        var turns = database.HashGetAllAsync(TurnsKey(callId));
        await Task.WhenAll(summary, turns);
        return summary.Result.HasValue
            ? new CallRecord(Summary(summary.Result), [.. turns.Result.Select(t => JsonSerializer.Deserialize<Turn>(t.Value.ToString(), Json)!).OrderBy(t => t.Seq)])
            : null;
    }

    private static CallSummary Summary(RedisValue json) => JsonSerializer.Deserialize<CallSummary>(json.ToString(), Json)!;
}
