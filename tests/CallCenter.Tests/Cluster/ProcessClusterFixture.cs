using System.Globalization;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Cluster;

/// <summary>
/// Real silo processes, and a Gateway process when <see cref="WithGateway"/>, clustered on a store of their own that the
/// fixture starts first: PostgreSQL (<see cref="PostgresClusterFixture"/>) or Redis (<see cref="RedisClusterFixture"/>).
/// Membership, grain state and call records are in the store; the silos share one SQLite file for the embedded CRM
/// (one machine).
/// </summary>
public abstract class ProcessClusterFixture : IAsyncLifetime
{
    private readonly List<ServiceProcess> _silos = [];
    private string[] _storeSettings = [];
    private string _crm = null!;

    public string ClusterId { get; } = "cluster-tests-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ServiceProcess> Silos => _silos;

    /// <summary>The Gateway host in front of the silos, when <see cref="WithGateway"/>.</summary>
    public ServiceProcess? Gateway { get; private set; }

    protected abstract int SiloCount { get; }

    protected virtual bool WithGateway => false;

    /// <summary>Settings the silos get besides the cluster's (speech engines, leases).</summary>
    protected virtual string[] SiloSettings => [];

    /// <summary>Settings the Gateway processes get besides the cluster's (staff identities).</summary>
    protected virtual string[] GatewaySettings => [];

    /// <summary>The settings every process of the cluster gets.</summary>
    public string[] ClusterSettings => [.. _storeSettings, "--Orleans:ClusterId", ClusterId];

    /// <summary>The store's password, which every process has in its connection string and none may write out.</summary>
    public abstract string StorePassword { get; }

    /// <summary>Starts the store (ready for the silos); the settings that point a process at it.</summary>
    protected abstract Task<string[]> StartStoreAsync();

    protected abstract ValueTask StopStoreAsync();

    /// <summary>Silos of this cluster by membership status, as the store holds them (3 active, 6 dead: Orleans' SiloStatus).</summary>
    public abstract Task<long> MembersAsync(int status);

    /// <summary>Call grains whose state is in the store.</summary>
    public abstract Task<long> StoredCallStatesAsync();

    /// <summary>Turns of these calls in the call records the silos share.</summary>
    public abstract Task<long> RecordedTurnsAsync(IReadOnlyList<string> callIds);

    public async Task InitializeAsync()
    {
        _storeSettings = await StartStoreAsync();
        _crm = TestPaths.NewDatabase("cluster");
        var starting = Enumerable.Range(0, SiloCount).Select(i => StartSiloAsync($"silo-{i + 1}")).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // When one silo fails to start, xUnit still disposes the fixture: the others must be in the list it stops.
            _silos.AddRange(starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
        }

        if (WithGateway)
        {
            Gateway = await StartGatewayAsync("gateway");
        }
    }

    /// <summary>A Gateway process of this cluster (besides <see cref="Gateway"/>); the caller disposes it.</summary>
    public Task<ServiceProcess> StartGatewayAsync(string name) => ServiceProcess.StartGatewayAsync(name, [.. ClusterSettings, .. GatewaySettings]);

    /// <summary>
    /// Stops silo <paramref name="index"/> with SIGTERM (it drains) and starts it again, as a rolling update does (on
    /// new ports, as a new pod would get a new address). Returns the stopped process's exit code (null: it had to be killed).
    /// </summary>
    public async Task<(int? ExitCode, string Output)> RestartSiloAsync(int index)
    {
        var stopped = _silos[index];
        var exitCode = await stopped.StopAsync();
        var output = stopped.Output;
        await stopped.DisposeAsync();
        _silos[index] = await StartSiloAsync(stopped.Name);
        return (exitCode, output);
    }

    /// <summary>A silo process of this cluster, with the silos' settings: one that joins it when called besides <see cref="Silos"/> (the caller disposes it).</summary>
    public Task<ServiceProcess> StartSiloAsync(string name) =>
        ServiceProcess.StartSiloAsync(name, [.. ClusterSettings, "--Storage:SqlitePath", _crm, .. SiloSettings]);

    /// <summary>Calls in progress on one silo, from its own /metrics (callcenter_calls_active).</summary>
    public static Task<int> ActiveCallsAsync(ServiceProcess silo) => GaugeAsync(silo, "callcenter_calls_active{");

    /// <summary>Voice calls in progress on one silo (callcenter_calls_active_voice).</summary>
    public static Task<int> ActiveVoiceCallsAsync(ServiceProcess silo) => GaugeAsync(silo, "callcenter_calls_active_voice{");

    private static async Task<int> GaugeAsync(ServiceProcess silo, string prefix)
    {
        var metrics = await silo.Http.GetStringAsync("metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        await StopStoreAsync();
    }
}
