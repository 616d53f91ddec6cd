namespace CallCenter.Voice.Engines.PassThrough;

/// <summary>
/// Configuration section "Voice:PassThrough": the engines that stand in for speech recognition and synthesis when a
/// benchmark measures the rest of the voice path (gateway, grains, turn-taking, pacing) rather than the speech engines.
/// </summary>
public sealed class PassThroughOptions
{
    public const string Section = "Voice:PassThrough";

    /// <summary>What the recognizer "hears" in every utterance, whatever was said.</summary>
    public string Transcript { get; set; } = "where is my order";

    /// <summary>Length of the synthesized audio per character of the sentence (espeak-ng speaks about 60 ms per character).</summary>
    public int MillisecondsPerCharacter { get; set; } = 60;

    /// <summary>Rate of the synthesized audio: 8000 (what telephony links play, so no resampling) or 16000.</summary>
    public int SampleRate { get; set; } = 16000;
}
