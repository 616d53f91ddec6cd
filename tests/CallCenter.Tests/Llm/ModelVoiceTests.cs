using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.FakeOpenAi;
using CallCenter.Voice;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Llm;

/// <summary>
/// A voice call answered by the model: each sentence goes to the call's TTS grain (the real espeak-ng) as soon as it is
/// complete, and a slow model is covered by the spoken filler first.
/// </summary>
[Collection(OpenAiModelCollection.Name)]
public sealed class ModelVoiceTests(OpenAiModelHostFixture host) : IDisposable
{
    public void Dispose() => host.Model.Script(ScriptedModel.Respond);

    [Fact]
    public async Task A_slow_model_on_a_voice_call_plays_the_filler_then_speaks_the_answer_sentence_by_sentence()
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var callId = Guid.NewGuid().ToString("N");
        var output = new Collector();
        var reference = grains.CreateObjectReference<ISpeechOutput>(output);
        await grains.GetGrain<ITtsStreamGrain>(callId).SubscribeAsync(reference);
        try
        {
            var call = grains.GetGrain<ICallGrain>(callId);
            var greeting = SentenceSplitter.Split((await call.StartAsync(new StartCall(CallChannel.Voice, Language.En, null))).Greeting).Count;
            await output.WaitForAsync(greeting);
            host.Model.Script(_ => ModelResponse.Say(
                """{"intent":"product_info","emotion":0,"sure":true} The AeroBuds Pro cost 129 dollars. They are in stock.""",
                firstChunkDelay: TimeSpan.FromMilliseconds(ModelHostFixture.FillerAfterMs * 3), chunkInterval: TimeSpan.FromMilliseconds(30)));

            var turn = await call.HandleCallerInputAsync(new CallerInput("how much are the aerobuds pro", AsrConfidence: 0.8));
            await output.WaitForAsync(greeting + 3);

            var spoken = output.Sentences.OrderBy(s => s.Index).Skip(greeting).ToArray();
            Assert.Equal(["One moment, let me check that.", "The AeroBuds Pro cost 129 dollars.", "They are in stock."], spoken.Select(s => s.Text));
            Assert.All(spoken, s => Assert.True(s.Audio.Pcm16.Length > s.Audio.SampleRate / 2, $"'{s.Text}' has too little audio"));
            Assert.Equal("model:small", turn.Brain);
        }
        finally
        {
            grains.DeleteObjectReference<ISpeechOutput>(reference);
        }
    }

    private sealed class Collector : ISpeechOutput
    {
        public ConcurrentBag<SpokenSentence> Sentences { get; } = [];

        public Task OnSentenceAsync(SpokenSentence sentence)
        {
            Sentences.Add(sentence);
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Sentences.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
