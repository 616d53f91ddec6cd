namespace CallCenter.Voice.Engines.Azure;

/// <summary>Configuration section "Voice:Azure": Azure AI Speech through its documented REST APIs.</summary>
public sealed class AzureSpeechOptions
{
    public const string Section = "Voice:Azure";

    /// <summary>The Speech resource's region, e.g. "westeurope"; gives the default endpoints.</summary>
    public string? Region { get; set; }

    /// <summary>The resource key, sent as Ocp-Apim-Subscription-Key. From configuration or environment only.</summary>
    public string? Key { get; set; }

    /// <summary>Overrides https://{Region}.stt.speech.microsoft.com (sovereign clouds, private endpoints, tests).</summary>
    public string? SttEndpoint { get; set; }

    /// <summary>Overrides https://{Region}.tts.speech.microsoft.com.</summary>
    public string? TtsEndpoint { get; set; }

    public string EnglishLocale { get; set; } = "en-US";
    public string ChineseLocale { get; set; } = "zh-CN";
    public string EnglishVoice { get; set; } = "en-US-JennyNeural";
    public string ChineseVoice { get; set; } = "zh-CN-XiaoxiaoNeural";

    /// <summary>Synthesis output rate: 16000 or 24000 (raw 16-bit mono PCM).</summary>
    public int SynthesisSampleRate { get; set; } = 16000;

    public int TimeoutSeconds { get; set; } = 10;

    internal Uri Stt => new(SttEndpoint ?? $"https://{RequireRegion()}.stt.speech.microsoft.com");

    internal Uri Tts => new(TtsEndpoint ?? $"https://{RequireRegion()}.tts.speech.microsoft.com");

    private string RequireRegion() => Region ?? throw new InvalidOperationException("Voice:Azure:Region (or the endpoint overrides) must be set to use Azure Speech.");
}
