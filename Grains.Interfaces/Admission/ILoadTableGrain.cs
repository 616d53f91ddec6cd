using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// The cluster's load table (one, key <see cref="LoadTableKeys.Default"/>): every silo reports its active calls and
/// limits to it every <see cref="AdmissionOptions.ReportIntervalMs"/>; Gateways read it to decide whether a new call
/// can be admitted. In memory only: after a move it fills again within one report interval.
/// </summary>
[Alias("ILoadTableGrain")]
public interface ILoadTableGrain : IGrainWithIntegerKey
{
    /// <summary>Records a silo's load and returns the cluster's (the silo's placement uses it).</summary>
    [Alias("Report")]
    Task<ClusterLoad> ReportAsync(SiloLoad load);

    /// <summary>A silo leaving the cluster withdraws its report.</summary>
    [Alias("Remove")]
    Task RemoveAsync(SiloAddress silo);

    [Alias("Get")]
    Task<ClusterLoad> GetAsync();
}

public static class LoadTableKeys
{
    public const long Default = 0;
}
