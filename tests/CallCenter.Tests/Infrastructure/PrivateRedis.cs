using StackExchange.Redis;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A Redis server of its own on a free loopback port and a temp data folder, from Debian's package through
/// scripts/redis.sh (the same script scripts/cluster.sh uses), with the password the script made.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    private PrivateRedis(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
        _connection = new(async () => await ConnectionMultiplexer.ConnectAsync(connectionString));
    }

    /// <summary>The StackExchange.Redis configuration string (`127.0.0.1:PORT,password=…`), as Orleans:ConnectionString takes it.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivateRedis> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcenter-tests", "redis-" + Guid.NewGuid().ToString("N")[..12]);
        var (exitCode, output) = await RepositoryScript.RunAsync("redis.sh", "start", directory, TestPaths.FreePort().ToString());
        return exitCode == 0
            ? new PrivateRedis(directory, output.Trim())
            : throw new InvalidOperationException($"scripts/redis.sh start failed ({exitCode}):\n{output}");
    }

    /// <summary>The tests' own connection to the server (one, shared), to look at what the cluster stored.</summary>
    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.Value;

    /// <summary>The keys matching a pattern (SCAN, as redis-cli --scan --pattern does).</summary>
    public async Task<RedisKey[]> KeysAsync(string pattern)
    {
        var connection = await ConnectAsync();
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        return [.. keys];
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }

        await RepositoryScript.RunAsync("redis.sh", "stop", _directory);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
