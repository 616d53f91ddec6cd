using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Security;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Security;

/// <summary>
/// A host configured with every kind of secret (signing key, Twilio auth token, API key hashes, password hashes, model,
/// speech and CRM keys), logging every category at Trace, every line kept. Its front door is closed too
/// (Security:AnonymousCalls off): calls start with an app's key.
/// </summary>
public sealed class SecretsHostFixture : ApiHostFixture
{
    public const string ModelKey = "sk-model-key-that-must-never-be-logged-9f8e7d";
    public const string CrmKey = "crm-key-that-must-never-be-logged-1a2b3c";
    public const string SpeechKey = "azure-speech-key-that-must-never-be-logged-4d5e6f";
    public const string TranscriptionKey = "sk-transcription-key-that-must-never-be-logged-7a8b";

    public static readonly string AppKey = Gateway.Security.ApiKeyHashes.NewKey();

    private readonly Crm.CrmTestDatabase _crmData = new();
    private Crm.CrmContractServer? _crm;

    public ConcurrentQueue<string> Logged { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders(); // only the capture: everything at Trace would flood the console
        logging.AddProvider(new CapturingProvider(Logged));
    }

    protected override async Task<Dictionary<string, string?>> ExtraSettingsAsync()
    {
        // The CRM: a real server of the contract that wants the key (sent on every request). The model: nothing listens
        // there, so every turn's model request fails and the failure is logged.
        _crm = await Crm.CrmContractServer.StartAsync(new CallCenter.Crm.SqliteCrmConnector(_crmData.Database, TimeProvider.System), CrmKey);
        var closed = TestPaths.FreePort();
        return new Dictionary<string, string?>
        {
            // An operator troubleshooting: every category at the most verbose level.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Orleans"] = "Trace",
            ["Logging:LogLevel:Polly"] = "Trace",
            ["Security:AnonymousCalls"] = "false",
            ["Security:ApiKeys:shop-app:Hash"] = Gateway.Security.ApiKeyHashes.Hash(AppKey),
            ["Security:ApiKeys:shop-app:Roles"] = "caller",
            ["Llm:Small:Provider"] = "OpenAI",
            ["Llm:Small:Endpoint"] = $"http://127.0.0.1:{closed}/v1/",
            ["Llm:Small:Model"] = "gpt-test",
            ["Llm:Small:ApiKey"] = ModelKey,
            ["Llm:MaxRetries"] = "0",
            ["Crm:Connector"] = "Http",
            ["Crm:BaseUrl"] = _crm.Root + "/crm/",
            ["Crm:ApiKey"] = CrmKey,
            ["Crm:TimeoutSeconds"] = "2",
            ["Voice:Azure:Region"] = "westeurope",
            ["Voice:Azure:Key"] = SpeechKey,
            ["Voice:OpenAI:Transcription:ApiKey"] = TranscriptionKey,
            ["Voice:Engines:Recognizer"] = "PassThrough",
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_crm is not null)
        {
            await _crm.DisposeAsync();
        }

        await _crmData.DisposeAsync();
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, logged);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logged.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SecretsCollection : ICollectionFixture<SecretsHostFixture>
{
    public const string Name = "secrets";
}

/// <summary>Secrets come from configuration and never reach a log line, whatever fails and at whatever level it is logged.</summary>
[Collection(SecretsCollection.Name)]
public sealed class SecretsTests(SecretsHostFixture host)
{
    [Fact]
    public async Task No_secret_is_logged_when_sign_ins_signatures_tokens_the_model_and_the_crm_fail()
    {
        var agent = host.Identities.Next();

        // Sign-ins: wrong, right, a token for a program.
        using (var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress })
        {
            foreach (var password in new[] { "a wrong password", TestCredentials.Password })
            {
                using var _ = await browser.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = agent.UserName, ["password"] = password }));
            }
        }

        using (var token = await host.Anonymous.PostAsJsonAsync("api/auth/token", new { user = agent.UserName, password = TestCredentials.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }

        // Credentials: right, wrong, altered, in the wrong place.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ClientWith(agent.ApiKey).GetAsync("api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ClientWith(TestCredentials.AdminKey[..^2] + "zz").GetAsync("api/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync($"api/calls?access_token={TestCredentials.AdminKey}")).StatusCode);

        // Twilio: a forged webhook and stream, then a real call.
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HttpRequestException>(() =>
            new TwilioCarrier(host.BaseAddress, "not-the-auth-token").AnswerAsync(TwilioCarrier.NewCallSid()))).StatusCode);
        var (socket, order) = await host.Twilio.DialAsync(from: "+15550100");
        using (socket)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.ConnectedMessage), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.StartMessage(order, "MZ" + Guid.NewGuid().ToString("N"))), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        // A chat that reaches the CRM (with its key) and whose model is unreachable: the turns fall back to the embedded
        // brain, and the model's failures are logged.
        var api = new ChatApi(host.ClientWith(SecretsHostFixture.AppKey));
        var call = await api.StartAsync("en", customerPhone: "+15550100");
        Assert.Equal("C001", call.CustomerId); // the CRM answered
        await api.SayAsync(call.CallId, "my package from last week never showed up, can you look into what happened to it?");
        Assert.Equal("fallback", (await api.SayAsync(call.CallId, "could you tell me more about how returns work for opened items please")).Brain);

        var logged = host.Logged.ToArray();
        Assert.Contains(logged, l => l.Contains("Failed sign-in", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("X-Twilio-Signature does not match", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("the model did not answer", StringComparison.Ordinal));

        var secrets = new Dictionary<string, string>
        {
            ["Security:SigningKey"] = TestCredentials.SigningKey,
            ["the operator's API key"] = TestCredentials.AdminKey,
            ["an agent's API key"] = agent.ApiKey,
            ["a user's password"] = TestCredentials.Password,
            ["Twilio:AuthToken"] = TestCredentials.TwilioAuthToken,
            ["Llm:Small:ApiKey"] = SecretsHostFixture.ModelKey,
            ["Crm:ApiKey"] = SecretsHostFixture.CrmKey,
            ["Voice:Azure:Key"] = SecretsHostFixture.SpeechKey,
            ["Voice:OpenAI:Transcription:ApiKey"] = SecretsHostFixture.TranscriptionKey,
            ["an app's API key"] = SecretsHostFixture.AppKey,
        };
        var leaks = secrets.SelectMany(s => logged.Where(l => l.Contains(s.Value, StringComparison.Ordinal)).Select(l => $"{s.Key} in: {l}")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(5)));
        Assert.True(logged.Length > 100, $"only {logged.Length} lines were logged");
    }
}

/// <summary>With Security:AnonymousCalls off, only an app's key (role caller) or an admin starts calls; its callers then use their tokens.</summary>
[Collection(SecretsCollection.Name)]
public sealed class ClosedFrontDoorTests(SecretsHostFixture host)
{
    [Fact]
    public async Task Without_anonymous_calls_only_an_apps_key_starts_one()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.PostAsJsonAsync("api/calls", new { channel = "chat" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws/chat")));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.NewAgent().Http.PostAsJsonAsync("api/calls", new { channel = "chat" })).StatusCode);

        var started = await new ChatApi(host.ClientWith(SecretsHostFixture.AppKey)).StartAsync("en");
        using var chat = await ChatSocket.ConnectAsync(host.BaseAddress, started.CallId, started.CallerToken); // the caller, with its token
        Assert.Equal("call", (await chat.ExchangeAsync(new { type = "get" })).GetProperty("type").GetString());
    }
}
