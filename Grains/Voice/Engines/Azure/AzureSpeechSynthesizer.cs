using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using CallCenter.Calls;
using Microsoft.Extensions.Options;

namespace CallCenter.Voice.Engines.Azure;

/// <summary>
/// Azure AI Speech synthesis through its REST API: SSML in, raw 16-bit mono PCM out (raw-16khz-16bit-mono-pcm or
/// raw-24khz-16bit-mono-pcm), one request per sentence.
/// </summary>
public sealed class AzureSpeechSynthesizer(HttpClient http, IOptions<AzureSpeechOptions> options) : ISpeechSynthesizer
{
    public int SampleRate => options.Value.SynthesisSampleRate;

    public async Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var format = SampleRate switch
        {
            16000 => "raw-16khz-16bit-mono-pcm",
            24000 => "raw-24khz-16bit-mono-pcm",
            var other => throw new InvalidOperationException($"Voice:Azure:SynthesisSampleRate must be 16000 or 24000, not {other}."),
        };
        var (locale, voice) = language == Language.Zh ? (settings.ChineseLocale, settings.ChineseVoice) : (settings.EnglishLocale, settings.EnglishVoice);
        var ssml = $"<speak version='1.0' xml:lang='{locale}'><voice name='{voice}'>{SecurityElement.Escape(sentence)}</voice></speak>";

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Tts, "/cognitiveservices/v1"))
        {
            Content = new StringContent(ssml, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ssml+xml");
        request.Headers.Add("Ocp-Apim-Subscription-Key", settings.Key);
        request.Headers.Add("X-Microsoft-OutputFormat", format);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("CallCenter", "1.0"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        using var response = await http.SendAsync(request, timeout.Token);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Azure Speech synthesis answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200))}", null, response.StatusCode);
        }

        return MemoryMarshal.Cast<byte, short>(bytes.AsSpan(0, bytes.Length & ~1)).ToArray();
    }
}
