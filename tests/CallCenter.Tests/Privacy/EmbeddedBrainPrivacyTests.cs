using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace CallCenter.Tests.Privacy;

/// <summary>
/// Without a model the embedded brain reads the caller's own words (so a phone number said in the chat still finds the
/// customer), while the transcript, the entities and the call events keep it masked.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmbeddedBrainPrivacyTests(ApiHostFixture host)
{
    [Theory]
    [InlineData("en", "hi, my number is 555 0101", "C002", "hi, my number is [PHONE_1]")]
    [InlineData("zh", "你好，我的手机号是１３８ ００００ ０００１", "C003", "你好，我的手机号是[PHONE_1 ****0001]")]
    public async Task A_phone_number_said_in_the_chat_identifies_the_caller_and_is_kept_masked(string language, string said, string customer, string kept)
    {
        var received = new ConcurrentQueue<CallEvent>();
        var stream = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls);
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        var api = new ChatApi(host.Http);
        var call = await api.StartAsync(language);

        var answer = await api.SayAsync(call.CallId, said);
        var record = await api.GetAsync(call.CallId);

        Assert.Equal("embedded", answer.Brain);
        Assert.Equal(customer, record.CustomerId);
        var turn = Assert.Single(record.Turns, t => t.Speaker == Speaker.Caller);
        Assert.Equal(kept, turn.Text);
        // (The brain may add the customer's order it found: only the phone number is personal.)
        Assert.StartsWith("[PHONE_1", Assert.Single(turn.Entities, e => e.Type == EntityTypes.Phone).Value, StringComparison.Ordinal);
        Assert.Equal(turn.Entities, answer.Entities);

        for (var i = 0; i < 150 && !received.Any(e => e.CallId == call.CallId && e.Kind == CallEventKind.CallerTurn); i++)
        {
            await Task.Delay(100);
        }

        await subscription.UnsubscribeAsync();
        Assert.Equal(kept, received.Single(e => e.CallId == call.CallId && e.Kind == CallEventKind.CallerTurn).Text);
    }
}
