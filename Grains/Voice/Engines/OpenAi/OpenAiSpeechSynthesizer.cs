using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.OpenAi;
using OpenAI.Audio;

namespace CallCenter.Voice.Engines.OpenAi;

/// <summary>
/// OpenAI text to speech (tts-1, gpt-4o-mini-tts, or an OpenAI-compatible server) through the OpenAI library's
/// <see cref="AudioClient"/>, one request per sentence, in the "pcm" format: raw 24 kHz 16-bit little-endian mono,
/// which needs no decoding.
/// </summary>
public sealed class OpenAiSpeechSynthesizer : ISpeechSynthesizer
{
    public const string Section = OpenAiSpeechOptions.Section + ":Speech";

    private readonly AudioClient _audio;
    private readonly GeneratedSpeechVoice _english;
    private readonly GeneratedSpeechVoice _chinese;

    public OpenAiSpeechSynthesizer(OpenAiSpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Speech.IsAzure)
        {
            // Azure.AI.OpenAI 2.1.0 (the GA library pinned with OpenAI 2.1.0) throws on GenerateSpeech; the resource's
            // v1 API is OpenAI-compatible, so the plain OpenAI client reaches the same deployment.
            throw new InvalidOperationException(
                $"{Section}:Provider=Azure is not supported: the Azure OpenAI library (Azure.AI.OpenAI 2.1.0) cannot generate speech. " +
                $"For an Azure OpenAI TTS deployment set {Section}:Provider=OpenAI, {Section}:Endpoint=https://NAME.openai.azure.com/openai/v1/ " +
                $"(the resource's OpenAI-compatible v1 endpoint), {Section}:ApiKey to the resource key and {Section}:Model to the deployment name. " +
                "Azure AI Speech voices are Voice:Engines:Synthesizer=Azure.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.EnglishVoice, $"{OpenAiSpeechOptions.Section}:EnglishVoice");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ChineseVoice, $"{OpenAiSpeechOptions.Section}:ChineseVoice");
        _english = new GeneratedSpeechVoice(options.EnglishVoice);
        _chinese = new GeneratedSpeechVoice(options.ChineseVoice);
        _audio = OpenAiClients.Create(options.Speech, Section).GetAudioClient(options.Speech.Model);
    }

    /// <summary>24,000 Hz: the rate of OpenAI's "pcm" output.</summary>
    public int SampleRate => 24000;

    public async Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken)
    {
        var voice = language == Language.Zh ? _chinese : _english;
        var speech = await _audio.GenerateSpeechAsync(
            sentence, voice, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm }, cancellationToken);
        var bytes = speech.Value.ToMemory().Span;
        return MemoryMarshal.Cast<byte, short>(bytes[..(bytes.Length & ~1)]).ToArray();
    }
}
