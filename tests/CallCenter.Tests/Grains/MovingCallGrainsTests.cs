using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.Llm;
using CallCenter.Tests.Infrastructure;
using CallCenter.Tests.Voice;
using CallCenter.Voice;
using Orleans.Runtime;

namespace CallCenter.Tests.Grains;

/// <summary>
/// The grains of a call moved live to the other silo, as a draining silo moves them: what each holds in memory goes
/// along (the utterance being recognized, the chat connection the call pushes to). On the 2-silo cluster with the real
/// PocketSphinx recognizer.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MovingCallGrainsTests(ClusterFixture fixture)
{
    private const int Rate = 16000;

    [Fact]
    public async Task An_utterance_spoken_before_the_recognizer_moved_is_recognized_whole_after_it()
    {
        var asr = fixture.Grains.GetGrain<IAsrStreamGrain>(Guid.NewGuid().ToString("N"));
        await asr.StartAsync(new SpeechSettings(Language.En, Rate));
        var speech = CallerAudio.Say("where is my order", Rate);
        const int batch = 3 * Rate / 50; // three 20 ms frames, as the Gateway sends them
        for (var offset = 0; offset < speech.Length; offset += batch)
        {
            await asr.PushAudioAsync(Frames(speech.AsSpan(offset, Math.Min(batch, speech.Length - offset))));
        }

        await MoveToTheOtherSiloAsync(asr);
        await asr.PushAudioAsync(Frames(CallerAudio.Silence(Rate, 0.1)));
        var heard = await asr.EndUtteranceAsync();

        Assert.Equal("where is my order", heard.Text);
    }

    [Fact]
    public async Task A_moved_call_keeps_its_transcript_and_still_reaches_the_chat_connection_listening_to_it()
    {
        var call = fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));
        await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
        await call.HandleCallerInputAsync(new CallerInput("where's my package?"));
        var listener = new Messages();
        var reference = fixture.Cluster.Client.CreateObjectReference<IReplyListener>(listener);
        await call.ListenAsync(reference);

        await MoveToTheOtherSiloAsync(call);
        var answer = await call.HandleCallerInputAsync(new CallerInput("A1001"));
        await call.AgentJoinedAsync("agent-move", "Ann");

        Assert.Contains("UPS", answer.Reply); // the pending question moved with the state
        Assert.Equal(6, (await call.GetSnapshotAsync()).Turns.Length);
        await WaitAsync(() => listener.Received.Any(m => m.From == "system" && m.Text.Contains("Ann", StringComparison.Ordinal)));
        fixture.Cluster.Client.DeleteObjectReference<IReplyListener>(reference);
    }

    [Fact]
    public async Task A_moved_call_keeps_the_personal_data_it_was_told_so_the_same_number_keeps_its_placeholder()
    {
        // No Privacy:VaultKey here: the real values live only in the activation's memory.
        var call = fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));
        await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
        await call.HandleCallerInputAsync(new CallerInput("my card is 4111 1111 1111 1111"));

        await MoveToTheOtherSiloAsync(call);
        await call.HandleCallerInputAsync(new CallerInput("again, the card is 4111111111111111"));
        await call.HandleCallerInputAsync(new CallerInput("and my other card is 5555 5555 5555 4444"));

        var said = (await call.GetSnapshotAsync()).Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text).ToArray();
        Assert.Equal("my card is [CARD_1 ****1111]", said[0]);
        Assert.Equal("again, the card is [CARD_1 ****1111]", said[1]); // the same card, recognized after the move
        Assert.Equal("and my other card is [CARD_2 ****4444]", said[2]);
        await call.HangUpAsync();
    }

    [Fact]
    public async Task A_held_call_whose_holder_goes_silent_is_dropped_after_its_lease_with_its_transcript()
    {
        // The fixture's lease is 3 s (Calls:HoldLeaseSeconds).
        var silent = await StartedCallAsync();
        var renewed = await StartedCallAsync();
        var released = await StartedCallAsync();
        Assert.Equal(TimeSpan.FromSeconds(3), await silent.HoldAsync("gateway-a"));
        await renewed.HoldAsync("gateway-a");
        await released.HoldAsync("gateway-a");
        await released.HoldAsync("gateway-b"); // a reconnected client's Gateway takes it over
        await released.ReleaseAsync("gateway-a"); // ignored: no longer the holder
        await released.ReleaseAsync("gateway-b");

        var until = DateTime.UtcNow.AddSeconds(6);
        while (DateTime.UtcNow < until)
        {
            await renewed.HoldAsync("gateway-a");
            await Task.Delay(500);
        }

        await WaitAsync(async () => (await silent.GetSnapshotAsync()).Status == CallStatus.Ended);
        var dropped = await silent.GetSnapshotAsync();
        Assert.Equal(CallOutcome.Dropped, dropped.Outcome);
        Assert.Equal(["where is my order A1001"], dropped.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        await Assert.ThrowsAsync<CallEndedException>(() => silent.HoldAsync("gateway-a"));
        Assert.Equal(CallStatus.Active, (await renewed.GetSnapshotAsync()).Status);
        Assert.Equal(CallStatus.Active, (await released.GetSnapshotAsync()).Status);
        await renewed.HangUpAsync();
        await released.HangUpAsync();
    }

    private async Task<ICallGrain> StartedCallAsync()
    {
        var call = fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));
        await call.StartAsync(new StartCall(CallChannel.Voice, Language.En, null));
        await call.HandleCallerInputAsync(new CallerInput("where is my order A1001"));
        return call;
    }

    private async Task MoveToTheOtherSiloAsync(IAddressable grain)
    {
        Assert.True(fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context), "the grain is not active");
        var here = context.Address.SiloAddress;
        var target = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).First(s => !s.Equals(here));
        await fixture.Cluster.MigrateAsync(grain, target);
    }

    private static AudioFrames Frames(ReadOnlySpan<short> pcm) => new(Rate, System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm).ToArray());

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(100);
        }
    }

    private sealed class Messages : IReplyListener
    {
        public ConcurrentQueue<(string From, string Text)> Received { get; } = new();

        public Task OnReplySentenceAsync(string callId, string sentence) => Task.CompletedTask;

        public Task OnCallMessageAsync(string callId, string from, string text)
        {
            Received.Enqueue((from, text));
            return Task.CompletedTask;
        }
    }
}
