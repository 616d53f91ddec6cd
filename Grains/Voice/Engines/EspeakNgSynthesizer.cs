using System.Buffers;
using CallCenter.Calls;

namespace CallCenter.Voice.Engines;

/// <summary>
/// The embedded synthesizer: espeak-ng through P/Invoke, English ("en-us") and Mandarin ("cmn") at 22,050 Hz.
/// Sentences from all calls and all instances go through the process's single synthesis thread
/// (<see cref="EspeakWorker"/>), one at a time: espeak-ng is not thread-safe. That costs little: formant synthesis
/// takes about 0.1% of the audio's length (a 5 s sentence in ~6 ms), so one thread keeps up with hundreds of calls
/// speaking at once; beyond that, sentences wait their turn in the queue.
/// </summary>
public sealed class EspeakNgSynthesizer : ISpeechSynthesizer
{
    private readonly VoiceSettings _english;
    private readonly VoiceSettings _chinese;

    public EspeakNgSynthesizer() : this(new EspeakOptions())
    {
    }

    public EspeakNgSynthesizer(EspeakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WordsPerMinute, 80, $"{EspeakOptions.Section}:WordsPerMinute");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.WordsPerMinute, 450, $"{EspeakOptions.Section}:WordsPerMinute");
        foreach (var (value, name, max) in new[] { (options.Pitch, "Pitch", 100), (options.PitchRange, "PitchRange", 100), (options.Volume, "Volume", 200) })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, $"{EspeakOptions.Section}:{name}");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, max, $"{EspeakOptions.Section}:{name}");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.EnglishVoice, $"{EspeakOptions.Section}:EnglishVoice");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ChineseVoice, $"{EspeakOptions.Section}:ChineseVoice");
        _english = new VoiceSettings(options.EnglishVoice, options.WordsPerMinute, options.Pitch, options.PitchRange, options.Volume);
        _chinese = _english with { Voice = options.ChineseVoice };
    }

    /// <summary>22,050 Hz (what espeak-ng reports at initialization).</summary>
    /// <exception cref="InvalidOperationException">espeak-ng or its voice data is not installed.</exception>
    public int SampleRate => EspeakWorker.Instance.SampleRate;

    public async Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken)
    {
        var audio = new ArrayBufferWriter<short>(SampleRate * 2);
        await StreamAsync(sentence, language, chunk => audio.Write(chunk), cancellationToken).ConfigureAwait(false);
        return audio.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Speaks one sentence and hands its audio over chunk by chunk (about every 60 ms of audio) as it is produced, on
    /// the synthesis thread; the task ends after the last chunk and gives the number of samples. Cancelling stops
    /// synthesis at the next chunk: no chunk arrives after the task ended.
    /// </summary>
    public Task<int> StreamAsync(string sentence, Language language, AudioChunkHandler onAudio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(onAudio);
        if (string.IsNullOrWhiteSpace(sentence))
        {
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled<int>(cancellationToken) : Task.FromResult(0);
        }

        var settings = language switch
        {
            Language.En => _english,
            Language.Zh => _chinese,
            _ => throw new NotSupportedException($"The embedded synthesizer does not speak '{language}'."),
        };
        return EspeakWorker.Instance.Enqueue(sentence, settings, onAudio, cancellationToken);
    }
}
