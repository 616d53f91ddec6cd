using Orleans.Streams;

namespace CallCenter.Calls;

/// <summary>The one way grains put a <see cref="CallEvent"/> on the call events stream.</summary>
public static class CallEventPublishing
{
    public static Task PublishCallEventAsync(this Grain grain, CallEvent callEvent) =>
        grain.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls).OnNextAsync(callEvent);
}
