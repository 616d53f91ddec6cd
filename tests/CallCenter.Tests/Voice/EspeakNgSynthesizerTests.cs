using CallCenter.Calls;
using CallCenter.Voice.Engines.EspeakNg;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Voice;

/// <summary>The embedded synthesizer: real espeak-ng from Debian through P/Invoke.</summary>
public sealed class EspeakNgSynthesizerTests
{
    private static readonly Lazy<EspeakNgSynthesizer> Shared = new(() =>
        new EspeakNgSynthesizer(Options.Create(new EspeakOptions()), NullLogger<EspeakNgSynthesizer>.Instance));

    [Theory]
    [InlineData("Order A1001 has shipped with UPS.", Language.En)]
    [InlineData("订单已发货，预计明天送达。", Language.Zh)]
    public async Task A_sentence_becomes_speech_of_plausible_length(string sentence, Language language)
    {
        var synthesizer = Shared.Value;
        Assert.Equal(22050, synthesizer.SampleRate);
        var pcm = await synthesizer.SynthesizeAsync(sentence, language, CancellationToken.None);
        var seconds = pcm.Length / 22050.0;
        Assert.InRange(seconds, 0.8, 8.0);
        Assert.True(Rms(pcm) > 500, $"RMS {Rms(pcm):F0}: the audio is silent");
    }

    [Fact]
    public async Task Concurrent_requests_are_serialized_and_all_succeed()
    {
        var synthesizer = Shared.Value;
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => synthesizer.SynthesizeAsync($"This is sentence number {i}.", i % 3 == 0 ? Language.Zh : Language.En, CancellationToken.None))));
        Assert.All(results, pcm => Assert.True(pcm.Length > 22050 / 2));
    }

    [Fact]
    public async Task Cancellation_stops_a_long_sentence_early()
    {
        var synthesizer = Shared.Value;
        var text = string.Join(" ", Enumerable.Repeat("This sentence goes on and on so that synthesis takes a while.", 40));
        using var cancel = new CancellationTokenSource();
        var speaking = synthesizer.SynthesizeAsync(text, Language.En, cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking);

        // The synthesizer carries on with the next request.
        Assert.NotEmpty(await synthesizer.SynthesizeAsync("Still here.", Language.En, CancellationToken.None));
    }

    private static double Rms(short[] pcm) => Math.Sqrt(pcm.Average(s => (double)s * s));
}
