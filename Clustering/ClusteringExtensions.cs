using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Clustering.Redis;
using Orleans.Configuration;

namespace CallCenter.Clustering;

public static class ClusteringExtensions
{
    /// <summary>The ADO.NET invariant Orleans' providers load Npgsql by.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Optional "Orleans:Membership" section: any <see cref="ClusterMembershipOptions"/> (failure detection).</summary>
    public const string MembershipSection = ClusteringOptions.Section + ":Membership";

    /// <summary>The "Orleans" section as <typeparamref name="T"/>; a plain Orleans:Clustering value is refused with the key to use.</summary>
    public static T GetClusteringOptions<T>(this IConfiguration configuration) where T : ClusteringOptions, new()
    {
        var section = configuration.GetSection(ClusteringOptions.Section);
        if (section.GetSection("Clustering").Value is { } value)
        {
            throw new InvalidOperationException(
                $"Orleans:Clustering={value}: set Orleans:ClusteringMode (Localhost or Postgres) instead. Orleans reads Orleans:Clustering "
                + "itself as a clustering provider's section (Orleans:Clustering:ProviderType) and cannot start with a plain value there.");
        }

        return section.Get<T>() ?? new T();
    }

    /// <summary>
    /// Cluster membership and this silo's endpoints from the "Orleans" section: localhost clustering, or PostgreSQL or
    /// Redis membership with this silo advertised at Orleans:AdvertisedIP.
    /// </summary>
    public static ISiloBuilder UseCallCenterClustering(this ISiloBuilder silo, ClusteringOptions options)
    {
        if (options.Kind == ClusteringKind.Localhost)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
            silo.ConfigureEndpoints(options.AdvertisedAddress(), options.SiloPort, options.GatewayPort);
            if (options.Kind == ClusteringKind.Redis)
            {
                silo.Services.AddRedisMembership(options);
                silo.UseRedisClustering(redis => redis.ConfigurationOptions = options.RedisConfiguration());
            }
            else
            {
                var connectionString = options.RequireConnectionString();
                silo.UseAdoNetClustering(ado => (ado.Invariant, ado.ConnectionString) = (PostgresInvariant, connectionString));
            }
        }

        silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection(MembershipSection));
        return silo;
    }

    /// <summary>
    /// How an Orleans client (the Gateway as its own process) finds the silos: the local silo's gateway port, or the
    /// gateways listed in the PostgreSQL or Redis membership table.
    /// </summary>
    public static IClientBuilder UseCallCenterClustering(this IClientBuilder client, ClusteringOptions options)
    {
        if (options.Kind == ClusteringKind.Localhost)
        {
            return client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }

        client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        if (options.Kind == ClusteringKind.Redis)
        {
            client.Services.AddRedisMembership(options);
            return client.UseRedisClustering(redis => redis.ConfigurationOptions = options.RedisConfiguration());
        }

        var connectionString = options.RequireConnectionString();
        return client.UseAdoNetClustering(ado => (ado.Invariant, ado.ConnectionString) = (PostgresInvariant, connectionString));
    }

    /// <summary>The process's shared <see cref="RedisConnection"/> (once, whoever asks first: membership or the silo's storage).</summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, ClusteringOptions options)
    {
        services.TryAddSingleton(_ => new RedisConnection(options.RedisConfiguration()));
        return services;
    }

    /// <summary>Membership in Redis over the shared connection (Orleans' provider would open one of its own).</summary>
    private static void AddRedisMembership(this IServiceCollection services, ClusteringOptions options) =>
        services.AddRedisConnection(options).AddOptions<RedisClusteringOptions>()
            .Configure<RedisConnection>((redis, connection) => redis.CreateMultiplexer = connection.ForProvider<RedisClusteringOptions>());
}
