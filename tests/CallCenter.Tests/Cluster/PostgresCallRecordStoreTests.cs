using CallCenter.Clustering;
using CallCenter.Records;
using CallCenter.Tests.Records;
using Npgsql;

namespace CallCenter.Tests.Cluster;

/// <summary>The call records in PostgreSQL (tables from the migration), against the same contract as SQLite's.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresCallRecordStoreTests(PostgresServerFixture postgres) : CallRecordStoreContract, IClassFixture<PostgresServerFixture>
{
    protected override async Task<ICallRecordStore> NewStoreAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync("records");
        await PostgresMigrations.ApplyAsync(database);
        return new PostgresCallRecordStore(NpgsqlDataSource.Create(database));
    }
}
