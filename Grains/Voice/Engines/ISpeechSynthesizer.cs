using CallCenter.Calls;

namespace CallCenter.Voice.Engines;

/// <summary>
/// Text to speech, shared by the calls of a silo. Implemented by the embedded <see cref="EspeakNgSynthesizer"/> and by
/// cloud engines.
/// </summary>
public interface ISpeechSynthesizer
{
    /// <summary>The sample rate of the audio it returns (22,050 for espeak-ng).</summary>
    int SampleRate { get; }

    /// <summary>Speaks one sentence: 16-bit mono samples at <see cref="SampleRate"/>.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; synthesis stops early instead of finishing the sentence.</exception>
    Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken);
}
