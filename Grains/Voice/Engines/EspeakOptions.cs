namespace CallCenter.Voice.Engines;

/// <summary>Configuration section "Voice:Espeak": the embedded synthesizer.</summary>
public sealed class EspeakOptions
{
    public const string Section = "Voice:Espeak";

    /// <summary>espeak-ng voice for English, with an optional variant ("en-us", "en-us+f3", "en-us+klatt").</summary>
    public string EnglishVoice { get; set; } = "en-us";

    /// <summary>espeak-ng voice for Mandarin Chinese.</summary>
    public string ChineseVoice { get; set; } = "cmn";

    /// <summary>Speaking rate, 80 to 450 words per minute (espeak-ng's default is 175).</summary>
    public int WordsPerMinute { get; set; } = 175;

    /// <summary>Base pitch, 0 to 100 (50 is the voice's own).</summary>
    public int Pitch { get; set; } = 50;

    /// <summary>Pitch range, 0 (monotone) to 100 (50 is the voice's own).</summary>
    public int PitchRange { get; set; } = 50;

    /// <summary>Volume, 0 to 200 (100 is full scale without compression).</summary>
    public int Volume { get; set; } = 100;
}
