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
