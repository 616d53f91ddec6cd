namespace CallCenter.Voice.Engines;

/// <summary>Configuration section "Voice:Engines": which speech engines the silo uses.</summary>
public sealed class SpeechEngineOptions
{
    public const string Section = "Voice:Engines";

    /// <summary>
    /// "PocketSphinx" (embedded, English), "Azure" (Azure AI Speech REST, English and Chinese), "OpenAI" (OpenAI or
    /// Azure OpenAI transcription, English and Chinese; settings in "Voice:OpenAI:Transcription") or "PassThrough"
    /// (hears a fixed transcript; for capacity benchmarks).
    /// </summary>
    public string Recognizer { get; set; } = "PocketSphinx";

    /// <summary>
    /// "EspeakNg" (embedded, English and Mandarin), "Azure", "OpenAI" (OpenAI TTS; settings in "Voice:OpenAI:Speech") or
    /// "PassThrough" (a buzz as long as the sentence; for capacity benchmarks).
    /// </summary>
    public string Synthesizer { get; set; } = "EspeakNg";
}
