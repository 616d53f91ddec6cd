using System.Globalization;
using CallCenter.Clustering;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Cluster;

/// <summary>The multi-process tests run one at a time: each starts several silos on the shared two cores.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection
{
    public const string Name = "PostgreSQL cluster";
}

/// <summary>
/// Real silo processes clustered on a private PostgreSQL (Orleans:ClusteringMode=Postgres), the database migrated
/// by the engine's own migration. The silos share one SQLite file for the call records and the CRM (one machine).
/// </summary>
public abstract class PostgresClusterFixture : IAsyncLifetime
{
    private readonly List<ServiceProcess> _silos = [];
    private string _records = null!;

    public PrivatePostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string ClusterId { get; } = "cluster-tests-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ServiceProcess> Silos => _silos;

    /// <summary>The Gateway host in front of the silos, when <see cref="WithGateway"/>.</summary>
    public ServiceProcess? Gateway { get; private set; }

    protected abstract int SiloCount { get; }

    protected virtual bool WithGateway => false;

    /// <summary>Settings the silos get besides the cluster's (speech engines, leases).</summary>
    protected virtual string[] SiloSettings => [];

    /// <summary>The settings every process of the cluster gets.</summary>
    public string[] ClusterSettings =>
        ["--Orleans:ClusteringMode", "Postgres", "--Orleans:ConnectionString", ConnectionString, "--Orleans:ClusterId", ClusterId];

    public async Task InitializeAsync()
    {
        Postgres = await PrivatePostgres.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("cluster");
        await PostgresMigrations.ApplyAsync(ConnectionString);
        _records = TestPaths.NewDatabase("cluster");
        _silos.AddRange(await Task.WhenAll(Enumerable.Range(0, SiloCount).Select(StartSiloAsync)));
        if (WithGateway)
        {
            Gateway = await StartGatewayAsync("gateway");
        }
    }

    /// <summary>A Gateway process of this cluster (besides <see cref="Gateway"/>); the caller disposes it.</summary>
    public Task<ServiceProcess> StartGatewayAsync(string name) => ServiceProcess.StartGatewayAsync(name, ClusterSettings);

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
        _silos[index] = await StartSiloAsync(index);
        return (exitCode, output);
    }

    private Task<ServiceProcess> StartSiloAsync(int index) =>
        ServiceProcess.StartSiloAsync($"silo-{index + 1}", [.. ClusterSettings, "--Storage:SqlitePath", _records, .. SiloSettings]);

    /// <summary>Silos of this cluster by membership status in the PostgreSQL membership table (3 active, 6 dead).</summary>
    public Task<long> MembersAsync(int status) => PrivatePostgres.ScalarAsync<long>(ConnectionString,
        "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = $2", ClusterId, status);

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
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }
}
