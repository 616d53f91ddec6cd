using CallCenter.Caching;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Dialogue.Emotion;
using CallCenter.Storage;
using CallCenter.Telemetry;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace CallCenter.Tests.Dialogue;

/// <summary>
/// The embedded brain with no cluster: the real NLU, emotion analyzer, answer cache and the real SQLite CRM on a temp
/// file, behind a plain <see cref="ICrmGrain"/> (grain interfaces are plain interfaces, so a class can stand in).
/// </summary>
public sealed class BrainHarness : IAsyncDisposable
{
    private readonly SqliteDatabase _database;

    public BrainHarness(DialogueOptions? options = null)
    {
        _database = new SqliteDatabase(Options.Create(new StorageOptions { SqlitePath = TestPaths.NewDatabase("brain") }), NullLogger<SqliteDatabase>.Instance);
        Crm = new CrmOverConnector(new SqliteCrmConnector(_database, new DemoClock()));
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        Cache = new AnswerCache(Options.Create(new AnswerCacheOptions()), new CallCenterMetrics(meters), TimeProvider.System);
        var dialogue = Options.Create(options ?? new DialogueOptions());
        Brain = new DialogueBrain(
            new UnderstandingProvider(dialogue, TimeProvider.System, NullLogger<UnderstandingProvider>.Instance),
            new EmotionAnalyzer(), Cache, dialogue);
    }

    public DialogueBrain Brain { get; }

    public AnswerCache Cache { get; }

    public CrmOverConnector Crm { get; }

    public DialogueState NewCall(Language language = Language.En, string? customerId = null) =>
        new() { Language = language, Status = CallStatus.Active, CustomerId = customerId };

    public Task<BrainTurn> SayAsync(DialogueState state, string text) => Brain.RespondAsync(state, text, Crm);

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    public sealed class CrmOverConnector(ICrmConnector connector) : ICrmGrain
    {
        /// <summary>When set, every call fails as an unreachable CRM would.</summary>
        public bool Down { get; set; }

        private ICrmConnector Connector => Down ? throw new CrmUnavailableException("The CRM is down (test).", "http://crm.test/") : connector;

        public Task<Customer?> FindCustomerByPhoneAsync(string phone) => Connector.FindCustomerByPhoneAsync(phone);
        public Task<Customer?> GetCustomerAsync(string customerId) => Connector.GetCustomerAsync(customerId);
        public Task<Order?> GetOrderAsync(string orderId) => Connector.GetOrderAsync(orderId);
        public Task<Order[]> GetCustomerOrdersAsync(string customerId) => Connector.GetCustomerOrdersAsync(customerId);
        public Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason) => Connector.StartReturnAsync(orderId, reason);
        public Task<CancelOutcome> CancelOrderAsync(string orderId) => Connector.CancelOrderAsync(orderId);
        public Task<Product?> GetProductAsync(string sku) => Connector.GetProductAsync(sku);
        public Task<Product[]> GetCatalogAsync() => Connector.GetCatalogAsync();
        public Task<Policy[]> GetPoliciesAsync() => Connector.GetPoliciesAsync();
        public Task<Account[]> GetAccountsAsync(string customerId) => Connector.GetAccountsAsync(customerId);
        public Task<IdentityCheck> VerifyIdentityAsync(string customerId, DateOnly dateOfBirth, string postcode) =>
            Connector.VerifyIdentityAsync(customerId, dateOfBirth, postcode);
        public Task<FreezeOutcome> FreezeCardAsync(string accountId) => Connector.FreezeCardAsync(accountId);
    }
}
