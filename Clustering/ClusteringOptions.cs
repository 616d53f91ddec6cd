using System.Net;
using StackExchange.Redis;

namespace CallCenter.Clustering;

/// <summary>
/// Configuration section "Orleans": the cluster this process belongs to and how it finds the other members. Silos and
/// a separate Gateway process (an Orleans client) read the same section.
/// </summary>
public class ClusteringOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "callcenter-dev";
    public string ServiceId { get; set; } = "callcenter";

    /// <summary>
    /// "Localhost" (one silo on this machine), "Postgres" (membership, grain state, stream subscriptions, reminders and
    /// call records in PostgreSQL through ADO.NET) or "Redis" (membership, grain state, stream subscriptions and reminders
    /// in Redis; the call records in Redis too, or in PostgreSQL with <see cref="RecordsConnectionString"/>). Not
    /// "Orleans:Clustering": Orleans 10 reads that key itself, as the section of a configured clustering provider
    /// (Orleans:Clustering:ProviderType), and fails on a plain value.
    /// </summary>
    public string ClusteringMode { get; set; } = "Localhost";

    /// <summary>
    /// Where the cluster's state lives, required unless Localhost. Postgres: an Npgsql connection string
    /// (`Host=…;Port=5432;Database=callcenter;Username=…;Password=…`). Redis: a StackExchange.Redis configuration string
    /// (`host:6379,password=…`, plus any of its options such as `ssl=true` or `defaultDatabase=2`).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// With Redis only: an Npgsql connection string for the call records (the queryable history of every call), migrated
    /// by `migrate`. Unset: the records are kept in Redis as well.
    /// </summary>
    public string? RecordsConnectionString { get; set; }

    /// <summary>The address other silos and clients reach this silo at (Postgres and Redis clustering). Default: loopback.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (a separate Gateway process) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    public ClusteringKind Kind => ClusteringMode.ToLowerInvariant() switch
    {
        "localhost" => ClusteringKind.Localhost,
        "postgres" or "postgresql" => ClusteringKind.Postgres,
        "redis" => ClusteringKind.Redis,
        _ => throw new InvalidOperationException($"Orleans:ClusteringMode must be Localhost, Postgres or Redis, not '{ClusteringMode}'."),
    };

    /// <summary>The connection string, or a message that says where to set it.</summary>
    public string RequireConnectionString() => string.IsNullOrWhiteSpace(ConnectionString)
        ? throw new InvalidOperationException(
            $"Orleans:ConnectionString (environment Orleans__ConnectionString) is required with Orleans:ClusteringMode={ClusteringMode}"
            + (Kind == ClusteringKind.Redis ? " (a Redis configuration string: host:6379,password=…)." : " (an Npgsql connection string)."))
        : ConnectionString;

    /// <summary>The Redis server(s) of Orleans:ConnectionString, or a message that says what is wrong with it.</summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var connectionString = RequireConnectionString();
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            // Its message names the keyword it does not know; the string itself is not repeated (it may hold a password).
            throw new InvalidOperationException(
                $"Orleans:ConnectionString is not a Redis configuration string (host:6379,password=…): {ex.Message}", ex);
        }

        return configuration.EndPoints.Count > 0
            ? configuration
            : throw new InvalidOperationException("Orleans:ConnectionString names no Redis server (host:6379,password=…).");
    }

    /// <summary>
    /// With Redis, the PostgreSQL database of the call records (Orleans:RecordsConnectionString), or null when they are
    /// kept in Redis. The setting is refused in the other modes, which keep the records with everything else.
    /// </summary>
    public string? SeparateRecordsConnectionString()
    {
        var separate = string.IsNullOrWhiteSpace(RecordsConnectionString) ? null : RecordsConnectionString;
        return separate is null || Kind == ClusteringKind.Redis
            ? separate
            : throw new InvalidOperationException(
                $"Orleans:RecordsConnectionString is only for Orleans:ClusteringMode=Redis; with {ClusteringMode} the call records are kept "
                + (Kind == ClusteringKind.Postgres ? "in the database of Orleans:ConnectionString." : "in the embedded SQLite database."));
    }

    /// <summary>
    /// The PostgreSQL database `migrate` applies deploy/postgres to: the cluster's own (Orleans:ConnectionString) or, with
    /// Redis, the call records' (null when they are kept in Redis).
    /// </summary>
    public string? MigrationConnectionString() => Kind == ClusteringKind.Redis ? SeparateRecordsConnectionString() : RequireConnectionString();

    public IPAddress AdvertisedAddress() => IPAddress.TryParse(AdvertisedIP, out var address)
        ? address
        : throw new InvalidOperationException($"Orleans:AdvertisedIP must be an IP address, not '{AdvertisedIP}'.");
}

public enum ClusteringKind
{
    Localhost,
    Postgres,
    Redis,
}
