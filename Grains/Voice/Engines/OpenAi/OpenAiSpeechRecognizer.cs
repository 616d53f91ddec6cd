using CallCenter.Calls;
using CallCenter.OpenAi;
using OpenAI.Audio;

namespace CallCenter.Voice.Engines.OpenAi;

/// <summary>
/// OpenAI or Azure OpenAI transcription (whisper-1, gpt-4o-transcribe, or an OpenAI-compatible server) through the
/// OpenAI library's <see cref="AudioClient"/>: the utterance (segmented by the Gateway's voice activity detector) is
/// sent as one 16 kHz WAV when it ends. The transcription API takes whole files, so there are no partial results.
/// </summary>
public sealed class OpenAiSpeechRecognizer : ISpeechRecognizer
{
    public const string Section = OpenAiSpeechOptions.Section + ":Transcription";

    /// <summary>
    /// Far above the turn detector's longest utterance (30 s by default), and 3.8 MB of WAV against the API's 25 MB
    /// file limit: a longer buffer means segmentation failed, and holding it would only cost memory per call.
    /// </summary>
    public const int MaxSeconds = 120;

    private readonly AudioClient _audio;
    private readonly AudioTranscriptionFormat _format;

    public OpenAiSpeechRecognizer(OpenAiSpeechOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _format = options.TranscriptionFormat switch
        {
            "verbose_json" => AudioTranscriptionFormat.Verbose,
            "json" => AudioTranscriptionFormat.Simple,
            var other => throw new InvalidOperationException(
                $"{OpenAiSpeechOptions.Section}:TranscriptionFormat must be verbose_json or json, not '{other}'."),
        };
        _audio = OpenAiClients.Create(options.Transcription, Section).GetAudioClient(options.Transcription.Model);
    }

    public int SampleRate => 16000;

    public IRecognitionSession StartSession(Language language)
    {
        var code = language switch
        {
            // ISO-639-1, as the API wants it: naming the language avoids misdetection on short utterances.
            Language.En => "en",
            Language.Zh => "zh",
            var other => throw new NotSupportedException($"OpenAI transcription is not configured for {other}."),
        };
        return new BufferedRecognitionSession(SampleRate, MaxSeconds, "OpenAI transcription", pcm => Recognize(pcm, code));
    }

    private RecognitionResult Recognize(short[] pcm, string language)
    {
        using var wav = new MemoryStream(Wav.Encode(pcm, SampleRate), writable: false);
        // Synchronous on purpose: sessions are called through Task.Run, and the request is bounded by the endpoint's
        // network timeout. Failures surface as ClientResultException carrying the service's status and message.
        AudioTranscription transcription = _audio.TranscribeAudio(
            wav, "utterance.wav", new AudioTranscriptionOptions { Language = language, ResponseFormat = _format });
        var text = transcription.Text?.Trim() ?? "";
        return new RecognitionResult(text, IsFinal: true, text.Length == 0 ? 0 : Confidence(transcription.Segments));
    }

    /// <summary>
    /// The duration-weighted mean over segments of exp(avg_logprob) (the geometric mean token probability) times
    /// (1 - no_speech_prob): Whisper turns noise into fluent phrases ("Thank you.") that only the no-speech probability
    /// gives away. Without segments (the "json" format) there is nothing to score: 1.
    /// </summary>
    internal static double Confidence(IReadOnlyList<TranscribedSegment>? segments)
    {
        if (segments is not { Count: > 0 })
        {
            return 1;
        }

        double weighted = 0, total = 0;
        foreach (var segment in segments)
        {
            var seconds = Math.Max((segment.EndTime - segment.StartTime).TotalSeconds, 0.01);
            weighted += seconds * Math.Exp(segment.AverageLogProbability) * (1 - segment.NoSpeechProbability);
            total += seconds;
        }

        return Math.Clamp(weighted / total, 0, 1);
    }
}
