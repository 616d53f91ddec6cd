using CallCenter.Clustering;
using CallCenter.Records;
using CallCenter.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace CallCenter.Silo.Hosting;

public static class ClusterStorageExtensions
{
    /// <summary>The grain storage providers every silo of a cluster must share: call, agent and queue state, and the streams' subscriptions.</summary>
    private static readonly string[] SharedStorage = [StorageNames.Calls, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME];

    /// <summary>
    /// When clustered, the state every silo must see, in the cluster's store: the call, agent and queue grains' state
    /// (<see cref="StorageNames.Calls"/>), the streams' subscriptions (PubSubStore, so a subscription outlives the silo
    /// that holds it), reminders, and the durable call records. PostgreSQL (tables from deploy/postgres) or Redis; with
    /// Redis the records go to PostgreSQL when Orleans:RecordsConnectionString is set. With localhost clustering it adds
    /// nothing and AddCallCenterGrains keeps them in the embedded SQLite database and memory. Call it before
    /// AddCallCenterGrains. (The embedded CRM stays in SQLite: Crm:Connector=Http for a CRM every machine shares.)
    /// </summary>
    public static ISiloBuilder AddCallCenterClusterStorage(this ISiloBuilder silo, ClusteringOptions options)
    {
        options.SeparateRecordsConnectionString(); // refused outside Redis, before anything starts
        return options.Kind switch
        {
            ClusteringKind.Postgres => silo.AddPostgresClusterStorage(options.RequireConnectionString()),
            ClusteringKind.Redis => silo.AddRedisClusterStorage(options),
            _ => silo,
        };
    }

    private static ISiloBuilder AddPostgresClusterStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.AddPostgresCallRecords(connectionString);
        foreach (var name in SharedStorage)
        {
            // The same serializer as the SQLite storage: the state types are [GenerateSerializer] types.
            silo.AddAdoNetGrainStorage(name, storage => storage.Configure<Serializer>((ado, serializer) =>
            {
                ado.Invariant = ClusteringExtensions.PostgresInvariant;
                ado.ConnectionString = connectionString;
                ado.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                // A cleared state (a call deleted by retention) leaves no row behind, as in SQLite.
                ado.DeleteStateOnClear = true;
            }));
        }

        return silo.UseAdoNetReminderService(reminders =>
            (reminders.Invariant, reminders.ConnectionString) = (ClusteringExtensions.PostgresInvariant, connectionString));
    }

    /// <summary>Orleans' Redis grain storage and reminders over the process's one Redis connection; records in Redis or PostgreSQL.</summary>
    private static ISiloBuilder AddRedisClusterStorage(this ISiloBuilder silo, ClusteringOptions options)
    {
        var configuration = options.RedisConfiguration();
        silo.Services.AddRedisConnection(options);
        if (options.SeparateRecordsConnectionString() is { } records)
        {
            silo.AddPostgresCallRecords(records);
        }
        else
        {
            silo.Services.AddSingleton<ICallRecordStore>(sp => new RedisCallRecordStore(sp.GetRequiredService<RedisConnection>().GetAsync, options.ServiceId));
        }

        foreach (var name in SharedStorage)
        {
            silo.AddRedisGrainStorage(name, storage => storage.Configure<Serializer, RedisConnection>((redis, serializer, connection) =>
            {
                redis.ConfigurationOptions = configuration;
                redis.CreateMultiplexer = connection.ForProvider<RedisStorageOptions>();
                redis.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                redis.DeleteStateOnClear = true; // a call deleted by retention leaves no key behind
            }));
        }

        silo.UseRedisReminderService(reminders => reminders.ConfigurationOptions = configuration);
        silo.Services.AddOptions<RedisReminderTableOptions>()
            .Configure<RedisConnection>((reminders, connection) => reminders.CreateMultiplexer = connection.ForProvider<RedisReminderTableOptions>());
        return silo;
    }

    /// <summary>The durable call records in PostgreSQL (tables from deploy/postgres/005-callcenter-records.sql), shared by every silo.</summary>
    private static void AddPostgresCallRecords(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<ICallRecordStore>(sp => new PostgresCallRecordStore(sp.GetRequiredService<NpgsqlDataSource>()));
    }
}
