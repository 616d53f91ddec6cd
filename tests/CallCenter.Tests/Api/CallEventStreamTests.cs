using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace CallCenter.Tests.Api;

/// <summary>What a dashboard sees: every call's events on the Orleans stream, in order.</summary>
[Collection(ApiCollection.Name)]
public sealed class CallEventStreamTests(ApiHostFixture host)
{
    [Fact]
    public async Task A_subscriber_sees_a_call_start_its_turns_and_its_end()
    {
        var client = host.Services.GetRequiredService<IClusterClient>();
        var stream = client.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls);
        var received = new ConcurrentQueue<CallEvent>();
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });

        var api = new ChatApi(host.Http);
        var call = await api.StartAsync("en");
        await api.SayAsync(call.CallId, "this is fraud, I'm calling my lawyer");
        await api.HangUpAsync(call.CallId);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        CallEvent[] mine;
        do
        {
            await Task.Delay(100);
            mine = [.. received.Where(e => e.CallId == call.CallId)];
        }
        while (!mine.Any(e => e.Kind == CallEventKind.Ended) && DateTime.UtcNow < deadline);
        await subscription.UnsubscribeAsync();

        // An urgent call raises a supervisor alert and a transfer, after the turn that caused them.
        Assert.Equal(
            [CallEventKind.Started, CallEventKind.CallerTurn, CallEventKind.BotTurn, CallEventKind.SupervisorAlert, CallEventKind.Transferred, CallEventKind.Ended],
            mine.Select(e => e.Kind));
        Assert.Contains("lawyer", mine[3].Text);
        var turn = mine[1];
        Assert.True(turn.Urgent);
        Assert.Equal(CallStatus.WaitingForAgent, turn.Status);
        Assert.Contains("lawyer", turn.Text);
        Assert.True(turn.Emotion!.Score < 0);
        Assert.Equal("Abandoned", mine[5].Text); // hung up while waiting for a person
    }
}
