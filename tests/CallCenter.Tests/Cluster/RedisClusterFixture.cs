using System.Text.Json;
using CallCenter.Records;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Cluster;

/// <summary>The multi-process tests on Redis run one at a time, like those on PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection
{
    public const string Name = "Redis cluster";
}

/// <summary>
/// Silo processes clustered on a private Redis (Orleans:ClusteringMode=Redis): membership, grain state, stream
/// subscriptions, reminders and the call records all in Redis.
/// </summary>
public abstract class RedisClusterFixture : ProcessClusterFixture
{
    /// <summary>Orleans:ServiceId as the silos have it (Silo/appsettings.json): Orleans' Redis keys start with it.</summary>
    private const string ServiceId = "callcenter";

    public PrivateRedis Redis { get; private set; } = null!;

    public override string StorePassword => StackExchange.Redis.ConfigurationOptions.Parse(Redis.ConnectionString).Password!;

    protected override async Task<string[]> StartStoreAsync()
    {
        Redis = await PrivateRedis.StartAsync();
        return ["--Orleans:ClusteringMode", "Redis", "--Orleans:ConnectionString", Redis.ConnectionString];
    }

    protected override async ValueTask StopStoreAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }

    /// <summary>From the membership hash Orleans keeps at {ServiceId}/members/{ClusterId}: one JSON entry per silo, and the table's version.</summary>
    public override async Task<long> MembersAsync(int status)
    {
        var entries = await (await Redis.ConnectAsync()).GetDatabase().HashGetAllAsync($"{ServiceId}/members/{ClusterId}");
        return entries.Where(e => e.Name != "Version")
            .Count(e => JsonDocument.Parse(e.Value.ToString()).RootElement.GetProperty("Status").GetInt32() == status);
    }

    /// <summary>Orleans' Redis grain storage keeps a grain's state at {ServiceId}/state/{grain id}/{state name}.</summary>
    public override async Task<long> StoredCallStatesAsync() => (await Redis.KeysAsync($"{ServiceId}/state/call/*/call")).Length;

    /// <summary>Read back through the store the silos write with, from the same Redis.</summary>
    public override async Task<long> RecordedTurnsAsync(IReadOnlyList<string> callIds)
    {
        var records = new RedisCallRecordStore(Redis.ConnectAsync, ServiceId);
        var read = await Task.WhenAll(callIds.Select(records.GetAsync));
        return read.Sum(r => r?.Turns.Length ?? 0);
    }
}
