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

    public PrivatePostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string ClusterId { get; } = "cluster-tests-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ServiceProcess> Silos => _silos;

    /// <summary>The Gateway host in front of the silos, when <see cref="WithGateway"/>.</summary>
    public ServiceProcess? Gateway { get; private set; }

    protected abstract int SiloCount { get; }

    protected virtual bool WithGateway => false;

    /// <summary>The settings every process of the cluster gets.</summary>
    public string[] ClusterSettings =>
        ["--Orleans:ClusteringMode", "Postgres", "--Orleans:ConnectionString", ConnectionString, "--Orleans:ClusterId", ClusterId];

    public async Task InitializeAsync()
    {
        Postgres = await PrivatePostgres.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("cluster");
        await PostgresMigrations.ApplyAsync(ConnectionString);
        var records = TestPaths.NewDatabase("cluster");
        _silos.AddRange(await Task.WhenAll(Enumerable.Range(1, SiloCount).Select(i =>
            ServiceProcess.StartSiloAsync($"silo-{i}", [.. ClusterSettings, "--Storage:SqlitePath", records]))));
        if (WithGateway)
        {
            Gateway = await ServiceProcess.StartGatewayAsync("gateway", ClusterSettings);
        }
    }

    /// <summary>Silos of this cluster by membership status in the PostgreSQL membership table (3 active, 6 dead).</summary>
    public Task<long> MembersAsync(int status) => PrivatePostgres.ScalarAsync<long>(ConnectionString,
        "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = $2", ClusterId, status);

    /// <summary>Calls in progress on one silo, from its own /metrics (callcenter_calls_active).</summary>
    public static async Task<int> ActiveCallsAsync(ServiceProcess silo)
    {
        var metrics = await silo.Http.GetStringAsync("metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("callcenter_calls_active", StringComparison.Ordinal));
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
