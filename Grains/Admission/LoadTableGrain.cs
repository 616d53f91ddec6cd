using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// The cluster's load table: silos report to it, Gateways read it. Thin: the rules are <see cref="LoadTable"/>'s;
/// membership says which silos are active, leaving or dead.
/// </summary>
public sealed class LoadTableGrain(IClusterMembershipService membership, TimeProvider time, IOptions<AdmissionOptions> options)
    : Grain, ILoadTableGrain
{
    private readonly LoadTable _table = new(options.Value.ReportExpiry);

    public Task<ClusterLoad> ReportAsync(SiloLoad load)
    {
        _table.Report(load, time.GetTimestamp());
        return GetAsync();
    }

    public Task RemoveAsync(SiloAddress silo)
    {
        _table.Remove(silo);
        return Task.CompletedTask;
    }

    public Task<ClusterLoad> GetAsync()
    {
        var members = membership.CurrentSnapshot;
        var active = members.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);
        return Task.FromResult(_table.Snapshot(time.GetTimestamp(), members.GetSiloStatus, active, time.GetElapsedTime));
    }
}
