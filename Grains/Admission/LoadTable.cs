using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// The load table's rules, without a grain: the latest report per silo, stamped with the table's own monotonic clock.
/// A report is dropped when it is older than the expiry (the silo stopped reporting: it hangs, or died before
/// membership said so) or when membership has declared its silo dead; a silo membership lists as shutting down keeps
/// its calls in the figures but no longer adds capacity. A silo membership does not know yet (its view lags a join) is
/// kept. Not thread-safe (the grain is single-threaded).
/// </summary>
public sealed class LoadTable(TimeSpan expiry)
{
    private readonly Dictionary<SiloAddress, (SiloLoad Load, long ReceivedAt)> _reports = [];

    public void Report(SiloLoad load, long timestamp) => _reports[load.Silo] = (load, timestamp);

    public void Remove(SiloAddress silo) => _reports.Remove(silo);

    /// <param name="now">The current timestamp of the clock the reports were stamped with.</param>
    /// <param name="status">What membership says of a silo (<see cref="SiloStatus.None"/> when it does not know it).</param>
    /// <param name="activeSilos">The silos membership lists as active: the table is complete once each has reported.</param>
    /// <param name="elapsed">Turns two timestamps into the time between them.</param>
    public ClusterLoad Snapshot(long now, Func<SiloAddress, SiloStatus> status, IEnumerable<SiloAddress> activeSilos, Func<long, long, TimeSpan> elapsed)
    {
        var silos = new List<ReportedLoad>(_reports.Count);
        foreach (var (silo, report) in _reports.ToArray())
        {
            var age = elapsed(report.ReceivedAt, now);
            var siloStatus = status(silo);
            if (age > expiry || siloStatus == SiloStatus.Dead)
            {
                _reports.Remove(silo);
                continue;
            }

            var leaving = siloStatus is SiloStatus.ShuttingDown or SiloStatus.Stopping;
            silos.Add(new ReportedLoad(leaving ? report.Load with { Accepting = false } : report.Load, age));
        }

        silos.Sort((a, b) => a.Load.Silo.CompareTo(b.Load.Silo));
        return new ClusterLoad([.. silos], activeSilos.All(_reports.ContainsKey));
    }
}
