using System.Diagnostics;
using System.Globalization;

namespace CallCenter.ClusterBench;

/// <summary>
/// How busy the machine's cores were over a measurement, and how much of that was the cluster's processes, its
/// PostgreSQL and this benchmark: the rest is other work that shared the cores (another build, say), which moves the figures.
/// </summary>
public sealed class Machine
{
    private readonly long _busy = BusyTicks();
    private readonly TimeSpan _cluster;
    private readonly TimeSpan _postgres;
    private readonly TimeSpan _own = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Func<TimeSpan> _clusterCpu;
    private readonly Func<TimeSpan> _postgresCpu;

    public Machine(Func<TimeSpan> clusterCpu, Func<TimeSpan> postgresCpu)
    {
        (_clusterCpu, _postgresCpu) = (clusterCpu, postgresCpu);
        (_cluster, _postgres) = (clusterCpu(), postgresCpu());
    }

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores ({File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}), "
        + $"{long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024} GiB, .NET {Environment.Version}";

    /// <summary>Cores busy since this was made: silos and Gateway, PostgreSQL, this benchmark, and everything else.</summary>
    public string Cores()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var all = (BusyTicks() - _busy) / 100.0 / seconds;
        var cluster = (_clusterCpu() - _cluster).TotalSeconds / seconds;
        var postgres = (_postgresCpu() - _postgres).TotalSeconds / seconds;
        var bench = (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalSeconds / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"silos+Gateway {cluster:0.00}, PostgreSQL {postgres:0.00}, load generator {bench:0.00}, other {Math.Max(0, all - cluster - postgres - bench):0.00}");
    }

    /// <summary>All but idle and iowait in /proc/stat, in clock ticks of 1/100 s.</summary>
    private static long BusyTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return fields.Sum() - fields[3] - fields[4];
    }
}
