using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace CallCenter.Calls;

/// <summary>
/// The one way grains put a <see cref="CallEvent"/> on the call events stream. Events are for dashboards, best effort:
/// a failure to publish never fails the turn (it is logged), because the turn is already durable and an error would make
/// the caller's app send it again; and a turn never waits for them longer than <see cref="MaxWait"/>. All events go
/// through one stream, so one stream queue grain: while the silo holding it is dying, publishing fails or hangs.
/// </summary>
public static class CallEventPublishing
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    public static async Task PublishCallEventAsync(this Grain grain, CallEvent callEvent)
    {
        var publish = grain.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls).OnNextAsync(callEvent);
        try
        {
            await publish.WaitAsync(MaxWait);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            _ = publish.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            grain.GrainContext.ActivationServices.GetRequiredService<ILogger<CallEvent>>().LogWarning(
                ex is TimeoutException ? null : ex, "Call {CallId}: the {Kind} event was not published within {Wait}; the call goes on without it.",
                callEvent.CallId, callEvent.Kind, MaxWait);
        }
    }
}
