using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CallCenter.Calls;
using CallCenter.Voice.Engines;
using CallCenter.Voice.Engines.Azure;
using CallCenter.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Voice;

/// <summary>
/// The Azure Speech adapters against a local server that speaks the documented REST wire format: it checks the
/// request the way the service does (key, content type, WAV header, SSML, output format, User-Agent) and answers the
/// way the service answers.
/// </summary>
public sealed class AzureSpeechTests : IAsyncLifetime
{
    private const string Key = "test-key";
    private WebApplication _server = null!;
    private string _root = "";
    private readonly List<string> _requests = [];

    public async Task InitializeAsync()
    {
        _server = LocalWebServer.Create();
        _server.Use(async (context, next) =>
        {
            lock (_requests) _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (context.Request.Headers["Ocp-Apim-Subscription-Key"] != Key)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        _server.MapPost("/speech/recognition/conversation/cognitiveservices/v1", async (HttpRequest request) =>
        {
            if (request.ContentType != "audio/wav; codecs=audio/pcm; samplerate=16000" || request.Query["format"] != "detailed")
            {
                return Results.BadRequest("unsupported content type or format");
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var (pcm, rate) = Wav.Decode(body.ToArray());
            if (rate != 16000)
            {
                return Results.BadRequest("sample rate");
            }

            var loud = pcm.Any(s => Math.Abs((int)s) > 1000);
            var azureJson = new JsonSerializerOptions(); // the service's field names are PascalCase
            var language = request.Query["language"].ToString();
            return loud
                ? Results.Json(new
                {
                    RecognitionStatus = "Success", DisplayText = language == "zh-CN" ? "我的订单到哪了？" : "Where is my order?",
                    Offset = 1_000_000, Duration = pcm.Length * 10_000_000L / rate,
                    NBest = new[] { new { Confidence = 0.91, Lexical = "where is my order", ITN = "where is my order", Display = language == "zh-CN" ? "我的订单到哪了？" : "Where is my order?" } },
                }, azureJson)
                : Results.Json(new { RecognitionStatus = "InitialSilenceTimeout", Offset = 0, Duration = 0 }, azureJson);
        });
        _server.MapPost("/cognitiveservices/v1", async (HttpRequest request) =>
        {
            if (request.ContentType != "application/ssml+xml" || string.IsNullOrEmpty(request.Headers.UserAgent))
            {
                return Results.BadRequest();
            }

            var rate = request.Headers["X-Microsoft-OutputFormat"].ToString() switch
            {
                "raw-16khz-16bit-mono-pcm" => 16000,
                "raw-24khz-16bit-mono-pcm" => 24000,
                _ => 0,
            };
            var ssml = XDocument.Parse(await new StreamReader(request.Body).ReadToEndAsync());
            var voice = ssml.Root!.Element("voice")!;
            if (rate == 0 || voice.Attribute("name") is null)
            {
                return Results.BadRequest();
            }

            // About 60 ms of tone per character, as a stand-in for speech of plausible length.
            var samples = voice.Value.Length * rate * 60 / 1000;
            var pcm = new byte[samples * 2];
            for (var i = 0; i < samples; i++)
            {
                BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)(6000 * Math.Sin(2 * Math.PI * 200 * i / rate)));
            }

            return Results.Bytes(pcm, "audio/x-wav");
        });
        await _server.StartAsync();
        _root = _server.Urls.First();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IOptions<AzureSpeechOptions> Options(string key = Key) => Microsoft.Extensions.Options.Options.Create(
        new AzureSpeechOptions { Key = key, SttEndpoint = _root, TtsEndpoint = _root, SynthesisSampleRate = 24000 });

    [Fact]
    public void Recognition_sends_a_16khz_wav_and_reads_the_best_hypothesis()
    {
        var recognizer = new AzureSpeechRecognizer(new HttpClient(), Options());
        using var session = recognizer.StartSession(Language.En);
        session.AcceptAudio(Tone(16000, 1.2));
        Assert.Null(session.Partial());
        var result = session.Finish();
        Assert.Equal("Where is my order?", result.Text);
        Assert.Equal(0.91, result.Confidence, 3);
        Assert.Contains(_requests, r => r.Contains("language=en-US&format=detailed"));

        using var zh = recognizer.StartSession(Language.Zh);
        zh.AcceptAudio(Tone(16000, 0.5));
        Assert.Equal("我的订单到哪了？", zh.Finish().Text);
    }

    [Fact]
    public void Silence_is_an_empty_result_and_a_wrong_key_is_a_clear_error()
    {
        var recognizer = new AzureSpeechRecognizer(new HttpClient(), Options());
        using var silent = recognizer.StartSession(Language.En);
        silent.AcceptAudio(new short[16000]);
        Assert.Equal("", silent.Finish().Text);

        using var denied = new AzureSpeechRecognizer(new HttpClient(), Options("wrong")).StartSession(Language.En);
        denied.AcceptAudio(Tone(16000, 0.3));
        var error = Assert.Throws<HttpRequestException>(() => denied.Finish());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Synthesis_posts_escaped_ssml_and_returns_pcm_at_the_configured_rate()
    {
        var synthesizer = new AzureSpeechSynthesizer(new HttpClient(), Options());
        Assert.Equal(24000, synthesizer.SampleRate);
        var pcm = await synthesizer.SynthesizeAsync("Tom O'Brien's order <A1009> & more.", Language.En, CancellationToken.None);
        Assert.InRange(pcm.Length, 24000 * 1, 24000 * 4);
        Assert.Contains(pcm, s => s > 5000);

        var chinese = await synthesizer.SynthesizeAsync("您的订单已发货。", Language.Zh, CancellationToken.None);
        Assert.NotEmpty(chinese);
    }

    private static short[] Tone(int rate, double seconds) =>
        [.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 300 * i / rate)))];
}
