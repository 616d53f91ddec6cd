using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Voice;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice.Engines;

/// <summary>
/// Real speech for the recognizer tests: espeak-ng says the sentence, the test resampler takes it to 16 kHz. The
/// "en-us+klatt" variant is used because PocketSphinx's acoustic model, trained on human speech, recognizes it far
/// better than espeak-ng's default formant voice (20 of 24 domain sentences exactly, against 10; the default voice's
/// digits come out wrong), so failures point at the recognizer rather than at robotic test audio.
/// </summary>
public sealed class SpeechFixture : IDisposable
{
    public static readonly IReadOnlyList<Product> DemoCatalog = CrmDemoData.Load().Products
        .Select(p => new Product(p.Sku, p.Name, p.NameZh, p.Price, p.Currency, p.Stock))
        .ToList();

    private readonly EspeakNgSynthesizer _voice = new(new EspeakOptions { EnglishVoice = "en-us+klatt" });

    public SpeechFixture()
    {
        Recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { MaxDecoders = 2 }, DomainGrammar.Build(DemoCatalog));
    }

    /// <summary>Shared by the speech tests: each decoder costs about 115 MB and half a second to load.</summary>
    public PocketSphinxRecognizer Recognizer { get; }

    /// <summary>The sentence spoken by espeak-ng, at the recognizer's 16 kHz.</summary>
    public async Task<short[]> SpeakAsync(string sentence)
    {
        var audio = await _voice.SynthesizeAsync(sentence, Language.En, CancellationToken.None);
        var resampler = new CallCenter.Gateway.Audio.Resampler(_voice.SampleRate, PocketSphinxRecognizer.ModelSampleRate);
        var output = new short[resampler.MaxOutputFor(audio.Length)];
        return output[..resampler.Process(audio, output)];
    }

    /// <summary>Speaks the sentence and recognizes it in one session, fed in 20 ms frames as the audio path does.</summary>
    public async Task<RecognitionResult> RoundTripAsync(string sentence, PocketSphinxRecognizer? recognizer = null)
    {
        var audio = await SpeakAsync(sentence);
        return await Task.Run(() => Recognize(recognizer ?? Recognizer, audio));
    }

    public static RecognitionResult Recognize(ISpeechRecognizer recognizer, short[] audio)
    {
        using var session = recognizer.StartSession(Language.En);
        for (var offset = 0; offset < audio.Length; offset += 320)
        {
            session.AcceptAudio(audio.AsSpan(offset, Math.Min(320, audio.Length - offset)));
        }

        return session.Finish();
    }

    public void Dispose() => Recognizer.Dispose();
}

/// <summary>
/// The tests that load PocketSphinx decoders share one fixture and run one class at a time, which keeps the decoders
/// alive at once (and the test run's memory) to a handful.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SpeechCollection : ICollectionFixture<SpeechFixture>
{
    public const string Name = "Speech";
}
