using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using CallCenter.Voice;

namespace CallCenter.Tests.Grains;

/// <summary>The TTS stream grain on the cluster with the real espeak-ng synthesizer, speaking to an observer.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TtsStreamGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Sentences_arrive_in_order_and_an_empty_reply_does_not_stop_later_ones()
    {
        var output = new Collector();
        var reference = fixture.Cluster.Client.CreateObjectReference<ISpeechOutput>(output);
        var tts = fixture.Grains.GetGrain<ITtsStreamGrain>(Guid.NewGuid().ToString("N"));
        await tts.SubscribeAsync(reference);

        await tts.SpeakAsync("   ", Language.En);
        await tts.SpeakAsync("Order A1001 has shipped. It arrives on November 27! Anything else?", Language.En);
        await tts.SpeakAsync("好的。", Language.Zh);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (output.Sentences.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var sentences = output.Sentences.OrderBy(s => s.Index).ToArray();
        Assert.Equal(["Order A1001 has shipped.", "It arrives on November 27!", "Anything else?", "好的。"], sentences.Select(s => s.Text));
        Assert.Equal([0, 1, 2, 3], sentences.Select(s => s.Index));
        Assert.All(sentences, s => Assert.True(s.Audio.Pcm16.Length > s.Audio.SampleRate / 5, $"'{s.Text}' has too little audio"));
        fixture.Cluster.Client.DeleteObjectReference<ISpeechOutput>(reference);
    }

    [Fact]
    public async Task A_reply_being_spoken_when_the_grain_moves_is_heard_once_in_order_and_the_next_from_its_new_silo()
    {
        var output = new Collector();
        var reference = fixture.Cluster.Client.CreateObjectReference<ISpeechOutput>(output);
        var tts = fixture.Grains.GetGrain<ITtsStreamGrain>(Guid.NewGuid().ToString("N"));
        await tts.SubscribeAsync(reference);
        Assert.True(fixture.Cluster.TryGetGrainContext(tts.GetGrainId(), out var context));
        var target = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).First(s => !s.Equals(context.Address.SiloAddress));

        await tts.SpeakAsync("Order A1001 has shipped with UPS. It arrives on November 27. Your tracking number is 1Z999. Anything else?", Language.En);
        await fixture.Cluster.MigrateAsync(tts, target);
        await tts.SpeakAsync("Goodbye.", Language.En);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (output.Sentences.Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(200); // nothing spoken twice arrives late
        var sentences = output.Sentences.OrderBy(s => s.Index).ToArray();
        Assert.Equal(["Order A1001 has shipped with UPS.", "It arrives on November 27.", "Your tracking number is 1Z999.", "Anything else?", "Goodbye."],
            sentences.Select(s => s.Text));
        Assert.Equal([0, 1, 2, 3, 4], sentences.Select(s => s.Index));
        Assert.True(fixture.Cluster.TryGetGrainContext(tts.GetGrainId(), out var moved));
        Assert.Equal(target, moved.Address.SiloAddress);
        fixture.Cluster.Client.DeleteObjectReference<ISpeechOutput>(reference);
    }

    private sealed class Collector : ISpeechOutput
    {
        public ConcurrentBag<SpokenSentence> Sentences { get; } = [];

        public Task OnSentenceAsync(SpokenSentence sentence)
        {
            Sentences.Add(sentence);
            return Task.CompletedTask;
        }
    }
}
