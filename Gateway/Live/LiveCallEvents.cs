using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCenter.Calls;
using Orleans.Streams;

namespace CallCenter.Gateway.Live;

/// <summary>
/// The call events stream, subscribed once per Gateway process and fanned out to the browser connections that follow
/// it (agent desktops, supervisor wallboards). A slow connection loses its oldest events rather than holding others up.
/// </summary>
public sealed class LiveCallEvents(IClusterClient client, ILogger<LiveCallEvents> logger) : IAsyncDisposable
{
    private const int BufferPerConnection = 512;
    private readonly ConcurrentDictionary<Guid, Channel<CallEvent>> _followers = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private StreamSubscriptionHandle<CallEvent>? _subscription;

    /// <summary>Follows the events from now on; dispose the returned handle to stop.</summary>
    public async Task<Follower> FollowAsync()
    {
        await EnsureSubscribedAsync();
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<CallEvent>(new BoundedChannelOptions(BufferPerConnection) { FullMode = BoundedChannelFullMode.DropOldest });
        _followers[id] = channel;
        return new Follower(channel.Reader, () => _followers.TryRemove(id, out _));
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            try
            {
                await _subscription.UnsubscribeAsync();
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Unsubscribing from call events at shutdown failed.");
            }
        }
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscription is not null)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            _subscription ??= await client.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls)
                .SubscribeAsync((e, _) =>
                {
                    foreach (var follower in _followers.Values)
                    {
                        follower.Writer.TryWrite(e);
                    }

                    return Task.CompletedTask;
                });
        }
        finally
        {
            _subscribing.Release();
        }
    }

    public sealed class Follower(ChannelReader<CallEvent> events, Action stop) : IDisposable
    {
        public ChannelReader<CallEvent> Events => events;

        public void Dispose() => stop();
    }
}
