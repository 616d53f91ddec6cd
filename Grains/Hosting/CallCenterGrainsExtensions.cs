using CallCenter.Admission;
using CallCenter.Agents;
using CallCenter.Caching;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Dialogue.Emotion;
using CallCenter.Draining;
using CallCenter.Llm;
using CallCenter.Privacy;
using CallCenter.Records;
using CallCenter.Storage;
using Microsoft.Extensions.Logging;
using CallCenter.Supervision;
using CallCenter.Telemetry;
using CallCenter.Voice;
using CallCenter.Voice.Engines;
using CallCenter.Voice.Engines.Azure;
using CallCenter.Voice.Engines.OpenAi;
using CallCenter.Voice.Engines.PassThrough;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
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
        services.Configure<AgentOptions>(configuration.GetSection(AgentOptions.Section));
        services.Configure<ExportOptions>(configuration.GetSection(ExportOptions.Section));
        services.AddOptions<RecordsOptions>().Bind(configuration.GetSection(RecordsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>();
        services.Configure<AdmissionOptions>(configuration.GetSection(AdmissionOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CallCenterMetrics>();
        services.AddLoadReporting();
        silo.AddSiloDrain(configuration);
        services.AddSingleton<SqliteDatabase>();
        // Records and grain state in the embedded database, unless the host put them elsewhere first (PostgreSQL when clustered).
        services.TryAddSingleton<ICallRecordStore, SqliteCallRecordStore>();
        if (!services.HasGrainStorage(StorageNames.Calls))
        {
            services.AddGrainStorage(StorageNames.Calls, (sp, _) => new SqliteGrainStorage(
                sp.GetRequiredService<SqliteDatabase>(), new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        }

        // A store's failure leaves the engine's grains (and their state's storage) as one exception the Gateway answers with 503.
        silo.AddIncomingGrainCallFilter<StoreFailureFilter>();
        services.SayStoreFailures(StorageNames.Calls);

        services.AddCrmConnector();

        services.AddSingleton<EmotionAnalyzer>();
        services.AddSingleton<AnswerCache>();
        services.AddSingleton<UnderstandingProvider>();
        services.AddSingleton<DialogueBrain>();
        services.AddSingleton<AgentAssist>();
        services.AddPersonalDataVaults(configuration);
        services.AddLanguageModel(configuration);

        services.AddSpeechEngines(configuration);

        // Call events for dashboards: memory streams on each silo (a durable provider can replace them by configuration later).
        silo.AddMemoryStreams(CallEventStreams.Provider);
        if (!services.HasGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME))
        {
            silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME);
        }

        // The wallboard folds call events from the start, not from the first supervisor who looks.
        silo.AddStartupTask((sp, _) => sp.GetRequiredService<IGrainFactory>().GetGrain<IWallboardGrain>(WallboardKeys.Default).GetAsync());

        // Retention runs on a reminder: in PostgreSQL when clustered (the host configured it), else in memory (one silo;
        // every start registers it again).
        var durableReminders = services.Any(d => d.ServiceType == typeof(IReminderTable));
        if (!durableReminders)
        {
            silo.UseInMemoryReminderService();
        }

        services.PostConfigure<CallOptions>(options => options.DurableReminders = durableReminders);

        silo.AddStartupTask((sp, _) => sp.GetRequiredService<IGrainFactory>().GetGrain<IRecordRetentionGrain>(0).ScheduleAsync());
        return silo;
    }

    /// <summary>The grain storage named <paramref name="name"/>, whichever the host registered, wrapped in <see cref="StoreFailureStorage"/>.</summary>
    private static void SayStoreFailures(this IServiceCollection services, string name)
    {
        var registered = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
        var create = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory (AddGrainStorage).");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new StoreFailureStorage((IGrainStorage)create(sp, key)));
    }

    private static bool HasGrainStorage(this IServiceCollection services, string name) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));

    /// <summary>
    /// Each silo reports its calls to the load table (Gateways admit new calls by it) and places call grains on the
    /// silo with the most room, by the table's figures.
    /// </summary>
    private static void AddLoadReporting(this IServiceCollection services)
    {
        services.AddSingleton<ClusterLoadView>();
        services.AddSingleton<SiloLoadReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLoadReporter>());
        services.AddPlacementDirector<CallLoadPlacement, CallLoadPlacementDirector>();
    }

    /// <summary>
    /// The graceful drain on SIGTERM (<see cref="SiloDrain"/>): the host's shutdown timeout is Drain:TimeoutSeconds, the
    /// drain knows the activations of calls on this silo from Orleans' activation working set, and the grains of calls
    /// register in a directory that survives silos leaving (<see cref="CallDirectory"/>).
    /// </summary>
    private static void AddSiloDrain(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; what live moves need (CallDirectory says why)
        silo.AddDistributedGrainDirectory(CallDirectory.Name);
#pragma warning restore ORLEANSEXP003
        // After a crash its ranges are not held back (Orleans' range lease, 30 s by default, would make a dead silo's
        // calls wait that long to continue elsewhere; the default directory does not hold them back either).
        services.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);
        services.AddOptions<DrainOptions>().Bind(configuration.GetSection(DrainOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DrainOptions>>(new DrainOptionsValidator());
        services.AddOptions<HostOptions>().Configure<IOptions<DrainOptions>>((host, drain) => host.ShutdownTimeout = drain.Value.Timeout);
        services.AddSingleton<CallActivations>();
        services.AddSingleton<IActivationWorkingSetObserver>(sp => sp.GetRequiredService<CallActivations>());
        services.AddSingleton<SiloDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloDrain>());
    }

    /// <summary>
    /// The speech engines named by Voice:Engines. Built on first use (the first voice call), so a silo that only
    /// serves text never loads the native libraries.
    /// </summary>
    private static void AddSpeechEngines(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SpeechEngineOptions>(configuration.GetSection(SpeechEngineOptions.Section));
        services.Configure<AzureSpeechOptions>(configuration.GetSection(AzureSpeechOptions.Section));
        services.Configure<OpenAiSpeechOptions>(configuration.GetSection(OpenAiSpeechOptions.Section));
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
                DomainGrammar.Build(CatalogForGrammar(sp))),
            var e when e.Equals("Azure", StringComparison.OrdinalIgnoreCase) =>
                new AzureSpeechRecognizer(CreateHttpClient(), sp.GetRequiredService<IOptions<AzureSpeechOptions>>()),
            var e when e.Equals("OpenAI", StringComparison.OrdinalIgnoreCase) =>
                new OpenAiSpeechRecognizer(sp.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value),
            var e when e.Equals("PassThrough", StringComparison.OrdinalIgnoreCase) =>
                new PassThroughRecognizer(sp.GetRequiredService<IOptions<PassThroughOptions>>().Value),
            var other => throw new OptionsValidationException(SpeechEngineOptions.Section, typeof(SpeechEngineOptions),
                [$"Voice:Engines:Recognizer must be PocketSphinx, Azure, OpenAI or PassThrough, not '{other}'."]),
        });
        services.AddSingleton<ISpeechSynthesizer>(sp => sp.GetRequiredService<IOptions<SpeechEngineOptions>>().Value.Synthesizer switch
        {
            var e when e.Equals("EspeakNg", StringComparison.OrdinalIgnoreCase) => new EspeakNgSynthesizer(sp.GetRequiredService<IOptions<EspeakOptions>>().Value),
            var e when e.Equals("Azure", StringComparison.OrdinalIgnoreCase) =>
                new AzureSpeechSynthesizer(CreateHttpClient(), sp.GetRequiredService<IOptions<AzureSpeechOptions>>()),
            var e when e.Equals("OpenAI", StringComparison.OrdinalIgnoreCase) =>
                new OpenAiSpeechSynthesizer(sp.GetRequiredService<IOptions<OpenAiSpeechOptions>>().Value),
            var e when e.Equals("PassThrough", StringComparison.OrdinalIgnoreCase) =>
                new PassThroughSynthesizer(sp.GetRequiredService<IOptions<PassThroughOptions>>().Value),
            var other => throw new OptionsValidationException(SpeechEngineOptions.Section, typeof(SpeechEngineOptions),
                [$"Voice:Engines:Synthesizer must be EspeakNg, Azure, OpenAI or PassThrough, not '{other}'."]),
        });
    }

    /// <summary>
    /// Calls' vaults of personal data, sealed with Privacy:VaultKey when it is set. A malformed key stops the silo at start.
    /// </summary>
    private static void AddPersonalDataVaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton<PiiVaults>();
    }

    /// <summary>
    /// The language-model brain of the "Llm" section. Its settings are checked when the silo starts, so a typo in a
    /// deployment name or domain pack stops the silo with a message instead of sending every call to the fallback.
    /// </summary>
    private static void AddLanguageModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.AddSingleton<ModelClient>();
        services.AddSingleton<CircuitBreaker>();
        services.AddSingleton<ModelBrain>();
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
    /// <summary>
    /// The catalog the recognizer's grammar is built from. A CRM that is down must not take voice calls with it: the
    /// grammar is then built without product names (intents, digits and order numbers still recognized).
    /// </summary>
    private static Product[] CatalogForGrammar(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<ICrmConnector>().GetCatalogAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is CrmUnavailableException or TimeoutException)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PocketSphinxRecognizer))
                .LogWarning(ex, "The product catalog could not be loaded for the speech grammar; product names will not be recognized.");
            return [];
        }
    }

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
}
