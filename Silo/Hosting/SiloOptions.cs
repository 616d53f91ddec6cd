namespace CallCenter.Silo.Hosting;

/// <summary>Configuration section "Orleans": the silo's identity and ports (localhost clustering).</summary>
public sealed class SiloOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "callcenter-dev";
    public string ServiceId { get; set; } = "callcenter";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (a separate Gateway process) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Serve the Orleans dashboard at /dashboard. It exposes grain state and has no authentication of its own.</summary>
    public bool Dashboard { get; set; } = true;
}
