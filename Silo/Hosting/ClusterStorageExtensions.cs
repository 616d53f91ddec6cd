using CallCenter.Clustering;
using CallCenter.Records;
using CallCenter.Storage;
using Npgsql;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace CallCenter.Silo.Hosting;

public static class ClusterStorageExtensions
{
    /// <summary>
    /// With Postgres clustering, the state every silo must see in PostgreSQL (tables from deploy/postgres): the call,
    /// agent and queue grains' state (<see cref="StorageNames.Calls"/>, ADO.NET), the streams' subscriptions (PubSubStore,
    /// so a subscription outlives the silo that holds it), reminders, and the durable call records. With localhost
    /// clustering it adds nothing and AddCallCenterGrains keeps them in the embedded SQLite database and memory. Call it
    /// before AddCallCenterGrains. (The embedded CRM stays in SQLite: Crm:Connector=Http for a CRM every machine shares.)
    /// </summary>
    public static ISiloBuilder AddCallCenterClusterStorage(this ISiloBuilder silo, ClusteringOptions options)
    {
        if (options.Kind != ClusteringKind.Postgres)
        {
            return silo;
        }

        var connectionString = options.RequireConnectionString();
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<ICallRecordStore>(sp => new PostgresCallRecordStore(sp.GetRequiredService<NpgsqlDataSource>()));
        foreach (var name in new[] { StorageNames.Calls, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME })
        {
            // The same serializer as the SQLite storage: the state types are [GenerateSerializer] types.
            silo.AddAdoNetGrainStorage(name, storage => storage.Configure<Serializer>((ado, serializer) =>
            {
                ado.Invariant = ClusteringExtensions.PostgresInvariant;
                ado.ConnectionString = connectionString;
                ado.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }

        return silo.UseAdoNetReminderService(reminders =>
            (reminders.Invariant, reminders.ConnectionString) = (ClusteringExtensions.PostgresInvariant, connectionString));
    }
}
