using CallCenter.Caching;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Dialogue.Emotion;
using CallCenter.Records;
using CallCenter.Storage;
using CallCenter.Telemetry;
using CallCenter.Voice;
using CallCenter.Voice.Engines;
using CallCenter.Voice.Engines.Azure;
using CallCenter.Voice.Engines.PassThrough;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace CallCenter.Hosting;

public static class CallCenterGrainsExtensions
{
    /// <summary>
    /// Everything the grains need on a silo: the embedded database, grain storage, the CRM connector chosen by
    /// configuration, call records, the dialogue brain, the answer cache and metrics.
    /// </summary>
    public static ISiloBuilder AddCallCenterGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        var configuration = silo.Configuration;
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<DialogueOptions>(configuration.GetSection(DialogueOptions.Section));
        services.Configure<AnswerCacheOptions>(configuration.GetSection(AnswerCacheOptions.Section));
        services.Configure<CallOptions>(configuration.GetSection(CallOptions.Section));
        services.Configure<CrmOptions>(configuration.GetSection(CrmOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CallCenterMetrics>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<ICallRecordStore, SqliteCallRecordStore>();
        services.AddGrainStorage(StorageNames.Calls, (sp, _) => new SqliteGrainStorage(
            sp.GetRequiredService<SqliteDatabase>(), new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));

        services.AddCrmConnector();

        services.AddSingleton<EmotionAnalyzer>();
        services.AddSingleton<AnswerCache>();
        services.AddSingleton<UnderstandingProvider>();
        services.AddSingleton<DialogueBrain>();

        services.AddSpeechEngines(configuration);

        // Call events for dashboards: memory streams on each silo (a durable provider can replace them by configuration later).
        silo.AddMemoryStreams(CallEventStreams.Provider);
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo;
    }

    /// <summary>
    /// The speech engines named by Voice:Engines. Built on first use (the first voice call), so a silo that only
    /// serves text never loads the native libraries.
    /// </summary>
    private static void AddSpeechEngines(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SpeechEngineOptions>(configuration.GetSection(SpeechEngineOptions.Section));
        services.Configure<AzureSpeechOptions>(configuration.GetSection(AzureSpeechOptions.Section));
        services.Configure<EspeakOptions>(configuration.GetSection(EspeakOptions.Section));
        services.Configure<PocketSphinxOptions>(configuration.GetSection(PocketSphinxOptions.Section));
        services.Configure<PassThroughOptions>(configuration.GetSection(PassThroughOptions.Section));
        services.Configure<SpeechAudioCacheOptions>(configuration.GetSection(SpeechAudioCacheOptions.Section));
        services.AddSingleton<SpeechAudioCache>();
        services.AddSingleton<ISpeechRecognizer>(sp => sp.GetRequiredService<IOptions<SpeechEngineOptions>>().Value.Recognizer switch
        {
            // The grammar is generated from the catalog once, when the first voice call needs the recognizer.
            var e when e.Equals("PocketSphinx", StringComparison.OrdinalIgnoreCase) => new PocketSphinxRecognizer(
                sp.GetRequiredService<IOptions<PocketSphinxOptions>>().Value,
                DomainGrammar.Build(sp.GetRequiredService<ICrmConnector>().GetCatalogAsync().GetAwaiter().GetResult())),
            var e when e.Equals("Azure", StringComparison.OrdinalIgnoreCase) =>
                new AzureSpeechRecognizer(CreateHttpClient(), sp.GetRequiredService<IOptions<AzureSpeechOptions>>()),
            var e when e.Equals("PassThrough", StringComparison.OrdinalIgnoreCase) =>
                new PassThroughRecognizer(sp.GetRequiredService<IOptions<PassThroughOptions>>().Value),
            var other => throw new OptionsValidationException(SpeechEngineOptions.Section, typeof(SpeechEngineOptions),
                [$"Voice:Engines:Recognizer must be PocketSphinx, Azure or PassThrough, not '{other}'."]),
        });
        services.AddSingleton<ISpeechSynthesizer>(sp => sp.GetRequiredService<IOptions<SpeechEngineOptions>>().Value.Synthesizer switch
        {
            var e when e.Equals("EspeakNg", StringComparison.OrdinalIgnoreCase) => new EspeakNgSynthesizer(sp.GetRequiredService<IOptions<EspeakOptions>>().Value),
            var e when e.Equals("Azure", StringComparison.OrdinalIgnoreCase) =>
                new AzureSpeechSynthesizer(CreateHttpClient(), sp.GetRequiredService<IOptions<AzureSpeechOptions>>()),
            var e when e.Equals("PassThrough", StringComparison.OrdinalIgnoreCase) =>
                new PassThroughSynthesizer(sp.GetRequiredService<IOptions<PassThroughOptions>>().Value),
            var other => throw new OptionsValidationException(SpeechEngineOptions.Section, typeof(SpeechEngineOptions),
                [$"Voice:Engines:Synthesizer must be EspeakNg, Azure or PassThrough, not '{other}'."]),
        });
    }

    /// <summary>The CRM connector named by Crm:Connector: "Sqlite" (embedded, default) or "Http" (an external CRM at Crm:BaseUrl).</summary>
    private static void AddCrmConnector(this IServiceCollection services)
    {
        services.AddSingleton<ICrmConnector>(sp => sp.GetRequiredService<IOptions<CrmOptions>>().Value.Connector switch
        {
            var c when c.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) =>
                new SqliteCrmConnector(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()),
            var c when c.Equals("Http", StringComparison.OrdinalIgnoreCase) => new HttpCrmConnector(CreateHttpClient(), sp.GetRequiredService<IOptions<CrmOptions>>()),
            var other => throw new OptionsValidationException(CrmOptions.Section, typeof(CrmOptions),
                [$"Crm:Connector must be Sqlite or Http, not '{other}'."]),
        });
    }

    /// <summary>One long-lived client per service per silo; recycling pooled connections picks up DNS changes.</summary>
    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
}
