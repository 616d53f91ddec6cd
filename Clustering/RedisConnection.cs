using StackExchange.Redis;

namespace CallCenter.Clustering;

/// <summary>
/// The process's one connection to Redis (Orleans:ClusteringMode=Redis), shared by membership, grain storage, reminders
/// and the call records: StackExchange.Redis multiplexes every caller over one connection and advises one per process,
/// where each Orleans provider would otherwise open its own. Connected on first use; a failed attempt is not kept, so the
/// next use (the Gateway's connection retries) tries again. Once connected, the multiplexer reconnects by itself.
/// </summary>
public sealed class RedisConnection(ConfigurationOptions configuration) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Task<IConnectionMultiplexer>? _connecting;

    public ConfigurationOptions Configuration { get; } = configuration;

    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_lock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            return _connecting;
        }
    }

    /// <summary>For an Orleans Redis provider's CreateMultiplexer option: this connection, marked shared (the provider must not dispose it).</summary>
    public Func<TOptions, Task<(IConnectionMultiplexer Multiplexer, bool IsShared)>> ForProvider<TOptions>() =>
        async _ => (await GetAsync(), true);

    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connecting;
        lock (_lock)
        {
            connecting = _connecting;
            _connecting = null;
        }

        if (connecting is null)
        {
            return;
        }

        try
        {
            await (await connecting).DisposeAsync();
        }
        catch (RedisConnectionException)
        {
            // It never connected: nothing to close.
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(Configuration);
}
