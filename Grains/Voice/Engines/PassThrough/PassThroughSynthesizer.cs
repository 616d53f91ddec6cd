using CallCenter.Calls;

namespace CallCenter.Voice.Engines.PassThrough;

/// <summary>
/// A synthesizer that speaks no words: a sentence becomes a voiced buzz (a 150 Hz harmonic tone with a syllable-rate
/// envelope) as long as the sentence would take to say. One second of it is computed once and tiled, so a sentence
/// costs a copy; a capacity benchmark then measures the engine around the synthesizer. The signal is speech-like so
/// the Gateway's echo reference for barge-in sees what it would see with a real voice.
/// </summary>
public sealed class PassThroughSynthesizer : ISpeechSynthesizer
{
    private const double LevelDbfs = -18;
    private readonly short[] _second;
    private readonly int _samplesPerCharacter;

    public PassThroughSynthesizer(PassThroughOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SampleRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, $"{PassThroughOptions.Section}:SampleRate must be 8000 or 16000.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MillisecondsPerCharacter, 1, $"{PassThroughOptions.Section}:MillisecondsPerCharacter");
        SampleRate = options.SampleRate;
        _samplesPerCharacter = SampleRate * options.MillisecondsPerCharacter / 1000;
        _second = Buzz(SampleRate);
    }

    public int SampleRate { get; }

    public Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        cancellationToken.ThrowIfCancellationRequested();
        var audio = new short[sentence.Trim().Length * _samplesPerCharacter];
        for (var offset = 0; offset < audio.Length; offset += _second.Length)
        {
            _second.AsSpan(0, Math.Min(_second.Length, audio.Length - offset)).CopyTo(audio.AsSpan(offset));
        }

        return Task.FromResult(audio);
    }

    /// <summary>One second of the first five harmonics of 150 Hz, falling 6 dB each, under a 4 Hz envelope (syllables).</summary>
    private static short[] Buzz(int rate)
    {
        var samples = new double[rate];
        for (var i = 0; i < rate; i++)
        {
            var t = (double)i / rate;
            var source = 0.0;
            for (var harmonic = 1; harmonic <= 5; harmonic++)
            {
                source += Math.Sin(2 * Math.PI * 150 * harmonic * t) / harmonic;
            }

            // 4 Hz (a whole number of cycles per second, so tiled seconds join without a click), never fully silent.
            samples[i] = source * (0.6 + 0.4 * Math.Sin(2 * Math.PI * 4 * t));
        }

        var rms = Math.Sqrt(samples.Average(x => x * x));
        var gain = short.MaxValue * Math.Pow(10, LevelDbfs / 20) / rms;
        return [.. samples.Select(x => (short)Math.Clamp(Math.Round(x * gain), short.MinValue, short.MaxValue))];
    }
}
