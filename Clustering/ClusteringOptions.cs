using System.Net;

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
    /// "Localhost" (one silo on this machine) or "Postgres" (membership, grain state, stream subscriptions and
    /// reminders in PostgreSQL through ADO.NET). Not "Orleans:Clustering": Orleans 10 reads that key itself, as the
    /// section of a configured clustering provider (Orleans:Clustering:ProviderType), and fails on a plain value.
    /// </summary>
    public string ClusteringMode { get; set; } = "Localhost";

    /// <summary>Npgsql connection string, required with Postgres (`Host=…;Port=5432;Database=callcenter;Username=…;Password=…`).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The address other silos and clients reach this silo at (Postgres clustering). Default: loopback.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (a separate Gateway process) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    public ClusteringKind Kind => ClusteringMode.ToLowerInvariant() switch
    {
        "localhost" => ClusteringKind.Localhost,
        "postgres" or "postgresql" => ClusteringKind.Postgres,
        _ => throw new InvalidOperationException($"Orleans:ClusteringMode must be Localhost or Postgres, not '{ClusteringMode}'."),
    };

    /// <summary>The connection string, or a message that says where to set it.</summary>
    public string RequireConnectionString() => string.IsNullOrWhiteSpace(ConnectionString)
        ? throw new InvalidOperationException(
            "Orleans:ConnectionString (environment Orleans__ConnectionString) is required with Orleans:ClusteringMode=Postgres.")
        : ConnectionString;

    public IPAddress AdvertisedAddress() => IPAddress.TryParse(AdvertisedIP, out var address)
        ? address
        : throw new InvalidOperationException($"Orleans:AdvertisedIP must be an IP address, not '{AdvertisedIP}'.");
}

public enum ClusteringKind
{
    Localhost,
    Postgres,
}
