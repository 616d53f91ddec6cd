using CallCenter.OpenAi;

namespace CallCenter.Voice.Engines.OpenAi;

/// <summary>
/// Configuration section "Voice:OpenAI": cloud speech through the OpenAI library. Transcription and speech are
/// separate endpoints because they are usually different models, and often different providers (Azure OpenAI
/// transcription beside OpenAI TTS).
/// </summary>
public sealed class OpenAiSpeechOptions
{
    public const string Section = "Voice:OpenAI";

    /// <summary>"Voice:OpenAI:Transcription": an OpenAI-compatible endpoint or an Azure OpenAI deployment (e.g. whisper-1).</summary>
    public OpenAiEndpointOptions Transcription { get; set; } = new();

    /// <summary>"Voice:OpenAI:Speech": an OpenAI-compatible endpoint only (e.g. tts-1); see <see cref="OpenAiSpeechSynthesizer"/>.</summary>
    public OpenAiEndpointOptions Speech { get; set; } = new();

    /// <summary>
    /// "verbose_json" (segments with log probabilities, from which the confidence is derived; whisper-1) or "json"
    /// (text only, confidence 1; the gpt-4o transcription models accept nothing else).
    /// </summary>
    public string TranscriptionFormat { get; set; } = "verbose_json";

    /// <summary>The voice for English replies: alloy, echo, fable, onyx, nova, shimmer, or any voice the model knows.</summary>
    public string EnglishVoice { get; set; } = "alloy";

    /// <summary>The voice for Chinese replies: OpenAI's voices are multilingual, so the same names work.</summary>
    public string ChineseVoice { get; set; } = "alloy";
}
