using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using Orleans.Runtime;

namespace CallCenter.Tests.Grains;

/// <summary>The call grain on a real 2-silo cluster with SQLite grain storage and the embedded CRM.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CallGrainTests(ClusterFixture fixture)
{
    private ICallGrain NewCall() => fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Dialogue_state_carries_across_turns()
    {
        var call = NewCall();
        var started = await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
        Assert.False(string.IsNullOrWhiteSpace(started.Greeting));

        var ask = await call.HandleCallerInputAsync(new CallerInput("hey, where's my package?"));
        Assert.Equal(Intent.OrderStatus, ask.Intent);
        Assert.Contains("order number", ask.Reply, StringComparison.OrdinalIgnoreCase);

        var answer = await call.HandleCallerInputAsync(new CallerInput("it's A1001"));
        Assert.Equal(Intent.OrderStatus, answer.Intent);
        Assert.Contains("UPS", answer.Reply);
        Assert.Contains("1Z999AA10123456784", answer.Reply);

        var snapshot = await call.GetSnapshotAsync();
        Assert.Equal(5, snapshot.Turns.Length);
        Assert.Equal([Speaker.Bot, Speaker.Caller, Speaker.Bot, Speaker.Caller, Speaker.Bot], snapshot.Turns.Select(t => t.Speaker));
        Assert.Equal("A1001", snapshot.Slots[EntityTypes.OrderNumber]);
        Assert.Equal(CallStatus.Active, snapshot.Status);
    }

    [Fact]
    public async Task A_deactivated_call_continues_from_persisted_state()
    {
        var call = NewCall();
        await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
        var ask = await call.HandleCallerInputAsync(new CallerInput("I'd like to cancel my order"));
        Assert.Equal(Intent.CancelOrder, ask.Intent);

        await fixture.Cluster.DeactivateAsync(call);
        await fixture.Cluster.WaitForDeactivationAsync(call);

        // The pending task (cancel, waiting for an order number) was persisted: the number alone completes it.
        var confirm = await call.HandleCallerInputAsync(new CallerInput("A1003"));
        Assert.Equal(Intent.CancelOrder, confirm.Intent);
        Assert.Contains("A1003", confirm.Reply);
        Assert.Equal(5, (await call.GetSnapshotAsync()).Turns.Length);
    }

    [Fact]
    public async Task Calls_moved_to_the_other_silo_mid_dialogue_carry_on_there()
    {
        var calls = Enumerable.Range(0, 8).Select(_ => NewCall()).ToArray();
        await Task.WhenAll(calls.Select(c => c.StartAsync(new StartCall(CallChannel.Chat, Language.En, null))));
        await Task.WhenAll(calls.Select(c => c.HandleCallerInputAsync(new CallerInput("where's my package?"))));

        // Move every other call to a silo it is not on (as a drain or a rebalance would); its pending question goes along.
        var silos = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).ToArray();
        for (var i = 0; i < calls.Length; i += 2)
        {
            var here = Location(calls[i]);
            var target = silos.First(s => !s.Equals(here));
            await fixture.Cluster.MigrateAsync(calls[i], target);
            await calls[i].GetSnapshotAsync(); // the moved activation answers from its new silo
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!target.Equals(Location(calls[i])) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
                await calls[i].GetSnapshotAsync();
            }

            Assert.Equal(target, Location(calls[i]));
        }

        var answers = await Task.WhenAll(calls.Select(c => c.HandleCallerInputAsync(new CallerInput("A1001"))));
        Assert.All(answers, a => Assert.Contains("UPS", a.Reply));
        Assert.All(await Task.WhenAll(calls.Select(c => c.GetSnapshotAsync())), s => Assert.Equal(5, s.Turns.Length));
    }

    private SiloAddress? Location(ICallGrain call) =>
        fixture.Cluster.TryGetGrainContext(call.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    [Fact]
    public async Task Bad_input_is_refused_and_leaves_the_call_untouched()
    {
        var call = NewCall();
        await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
        await call.HandleCallerInputAsync(new CallerInput("where is order A1002"));
        var before = await call.GetSnapshotAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => call.HandleCallerInputAsync(new CallerInput("   ")));
        await Assert.ThrowsAsync<ArgumentException>(() => call.HandleCallerInputAsync(new CallerInput(new string('x', 5000))));
        await Assert.ThrowsAsync<CallAlreadyStartedException>(() => call.StartAsync(new StartCall(CallChannel.Chat, null, null)));

        var after = await call.GetSnapshotAsync();
        Assert.Equal(before.Turns.Length, after.Turns.Length);
        Assert.Equal(before.Slots, after.Slots);
    }

    [Fact]
    public async Task Unknown_and_ended_calls_say_so()
    {
        var unknown = NewCall();
        await Assert.ThrowsAsync<CallNotFoundException>(() => unknown.GetSnapshotAsync());
        await Assert.ThrowsAsync<CallNotFoundException>(() => unknown.HandleCallerInputAsync(new CallerInput("hello")));

        var call = NewCall();
        await call.StartAsync(new StartCall(CallChannel.App, Language.En, null));
        var ended = await call.HangUpAsync();
        Assert.Equal(CallStatus.Ended, ended.Status);
        Assert.Equal(CallOutcome.ResolvedByAi, ended.Outcome);
        await Assert.ThrowsAsync<CallEndedException>(() => call.HandleCallerInputAsync(new CallerInput("hello?")));
        Assert.Equal(ended.Turns.Length, (await call.HangUpAsync()).Turns.Length); // idempotent
    }

    [Fact]
    public async Task A_known_phone_number_identifies_the_customer_and_sets_the_language()
    {
        var call = NewCall();
        var started = await call.StartAsync(new StartCall(CallChannel.Voice, null, "+8613800000001"));
        Assert.Equal("C003", started.CustomerId);
        Assert.Equal(Language.Zh, started.Language);
        Assert.Contains("王芳", started.Greeting);

        // Her only open order is found without asking for its number.
        var status = await call.HandleCallerInputAsync(new CallerInput("我的快递到哪了"));
        Assert.Contains("A1005", status.Reply);
        Assert.Contains("SF Express", status.Reply);
    }

    [Fact]
    public async Task An_idle_call_is_ended_by_its_timer()
    {
        var call = NewCall();
        await call.StartAsync(new StartCall(CallChannel.Web, Language.En, null));
        fixture.Clock.Skip(TimeSpan.FromMinutes(6));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        CallSnapshot snapshot;
        do
        {
            await Task.Delay(250);
            snapshot = await call.GetSnapshotAsync();
        }
        while (snapshot.Status != CallStatus.Ended && DateTime.UtcNow < deadline);

        Assert.Equal(CallStatus.Ended, snapshot.Status);
        Assert.NotNull(snapshot.EndedAt);
    }
}
