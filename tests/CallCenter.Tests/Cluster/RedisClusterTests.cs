using CallCenter.Records;
using CallCenter.Tests.Infrastructure;
using CallCenter.Tests.Records;
using Xunit.Abstractions;

namespace CallCenter.Tests.Cluster;

public sealed class RedisThreeSiloClusterFixture : RedisClusterFixture
{
    protected override int SiloCount => 3;

    protected override bool WithGateway => true;
}

public sealed class RedisTwoSiloClusterFixture : RedisClusterFixture
{
    protected override int SiloCount => 2;
}

/// <summary>Three silo processes and a Gateway process clustered on Redis: the same behaviour as on PostgreSQL.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTests(RedisThreeSiloClusterFixture cluster) : ClusterContract(cluster), IClassFixture<RedisThreeSiloClusterFixture>;

/// <summary>A silo process killed with SIGKILL mid-call: the call goes on on the other silo from its state in Redis.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisFailoverTests(RedisTwoSiloClusterFixture cluster, ITestOutputHelper output)
    : FailoverContract(cluster, output), IClassFixture<RedisTwoSiloClusterFixture>;

public sealed class RedisServerFixture : IAsyncLifetime
{
    public PrivateRedis Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PrivateRedis.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The call records in Redis, against the same contract as SQLite's and PostgreSQL's; each store under a ServiceId of its own.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisCallRecordStoreTests(RedisServerFixture redis) : CallRecordStoreContract, IClassFixture<RedisServerFixture>
{
    protected override Task<ICallRecordStore> NewStoreAsync() =>
        Task.FromResult<ICallRecordStore>(new RedisCallRecordStore(redis.Server.ConnectAsync, "records-" + Guid.NewGuid().ToString("N")));
}
