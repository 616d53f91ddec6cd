using System.Net.Http.Headers;
using System.Text.Json;
using CallCenter.Calls;
using Microsoft.Extensions.Options;

namespace CallCenter.Voice.Engines.Azure;

/// <summary>
/// Azure AI Speech recognition through the REST API for short audio: the utterance (segmented by the Gateway's voice
/// activity detector) is sent as one 16 kHz WAV when it ends. The REST API has no partial results. Its streaming
/// WebSocket protocol is undocumented for direct use; the Speech SDK (Microsoft.CognitiveServices.Speech, not in the
/// package registry here) would slot in behind the same <see cref="ISpeechRecognizer"/> seam.
/// </summary>
public sealed class AzureSpeechRecognizer(HttpClient http, IOptions<AzureSpeechOptions> options) : ISpeechRecognizer
{
    /// <summary>The API accepts at most 60 s of audio per request.</summary>
    public const int MaxSeconds = 60;

    public int SampleRate => 16000;

    public IRecognitionSession StartSession(Language language) =>
        new BufferedRecognitionSession(SampleRate, MaxSeconds, "Azure Speech's short-audio API", pcm => Recognize(pcm, language));

    private RecognitionResult Recognize(short[] pcm, Language language)
    {
        var settings = options.Value;
        var locale = language == Language.Zh ? settings.ChineseLocale : settings.EnglishLocale;
        var url = new Uri(settings.Stt, $"/speech/recognition/conversation/cognitiveservices/v1?language={locale}&format=detailed");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Wav.Encode(pcm, SampleRate)) };
        // The documented value has an unquoted "/" in a parameter, which .NET's header parser rejects: add it verbatim.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000");
        request.Headers.Add("Ocp-Apim-Subscription-Key", settings.Key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        using var response = http.Send(request, timeout.Token);
        var body = response.Content.ReadAsStringAsync(timeout.Token).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Azure Speech recognition answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var status = root.GetProperty("RecognitionStatus").GetString();
        if (status != "Success")
        {
            // NoMatch, InitialSilenceTimeout, BabbleTimeout: nothing usable was said.
            return new RecognitionResult("", IsFinal: true, Confidence: 0);
        }

        if (root.TryGetProperty("NBest", out var nbest) && nbest.GetArrayLength() > 0)
        {
            var best = nbest[0];
            return new RecognitionResult(best.GetProperty("Display").GetString() ?? "", true, best.GetProperty("Confidence").GetDouble());
        }

        return new RecognitionResult(root.GetProperty("DisplayText").GetString() ?? "", true, 1);
    }
}
