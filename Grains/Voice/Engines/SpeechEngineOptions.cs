namespace CallCenter.Voice.Engines;

/// <summary>Configuration section "Voice:Engines": which speech engines the silo uses.</summary>
public sealed class SpeechEngineOptions
{
    public const string Section = "Voice:Engines";

    /// <summary>"PocketSphinx" (embedded, English) or "Azure" (Azure AI Speech REST, English and Chinese).</summary>
    public string Recognizer { get; set; } = "PocketSphinx";

    /// <summary>"EspeakNg" (embedded, English and Mandarin) or "Azure".</summary>
    public string Synthesizer { get; set; } = "EspeakNg";
}
