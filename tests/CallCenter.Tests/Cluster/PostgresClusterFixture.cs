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
/// Silo processes clustered on a private PostgreSQL (Orleans:ClusteringMode=Postgres), the database migrated by the
/// engine's own migration.
/// </summary>
public abstract class PostgresClusterFixture : ProcessClusterFixture
{
    public PrivatePostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public override string StorePassword => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Password!;

    protected override async Task<string[]> StartStoreAsync()
    {
        Postgres = await PrivatePostgres.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("cluster");
        await PostgresMigrations.ApplyAsync(ConnectionString);
        return ["--Orleans:ClusteringMode", "Postgres", "--Orleans:ConnectionString", ConnectionString];
    }

    protected override async ValueTask StopStoreAsync()
    {
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }

    public override Task<long> MembersAsync(int status) => PrivatePostgres.ScalarAsync<long>(ConnectionString,
        "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = $1 AND Status = $2", ClusterId, status);

    public override Task<long> StoredCallStatesAsync() =>
        PrivatePostgres.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'call'");

    public override Task<long> RecordedTurnsAsync(IReadOnlyList<string> callIds) =>
        PrivatePostgres.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM call_turns WHERE call_id = ANY($1)", (object)callIds.ToArray());
}
