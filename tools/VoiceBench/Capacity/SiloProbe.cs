using System.Globalization;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>What the benchmark reads from the silo beside its own measurements: resident memory and active voice calls.</summary>
internal sealed class SiloProbe(int? pid, Uri? metricsBase)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The silo process's resident set (VmRSS in /proc/PID/status), in KiB; null without a PID.</summary>
    public long? RssKiB()
    {
        if (pid is not { } id)
        {
            return null;
        }

        var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time the silo process has used (user + system, from /proc/PID/stat); null without a PID.</summary>
    public TimeSpan? CpuTime()
    {
        if (pid is not { } id)
        {
            return null;
        }

        // The fields after the command name (which is in parentheses and may hold spaces): utime and stime are the
        // 12th and 13th of them, in clock ticks of 1/100 s on Linux.
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>
    /// CPU time the whole machine has been busy (all but idle and iowait in /proc/stat): with the client's and the silo's
    /// own CPU time it tells how much other work (another build, say) shared the cores during a measurement.
    /// </summary>
    public static TimeSpan MachineBusyTime()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var jiffies = cpu.Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromSeconds((jiffies.Sum() - jiffies[3] - jiffies[4]) / 100.0);
    }

    /// <summary>The engine's own count of voice calls in progress (<c>callcenter_voice_active</c> on /metrics), if it answers.</summary>
    public async Task<long?> ActiveVoiceCallsAsync()
    {
        if (metricsBase is null)
        {
            return null;
        }

        try
        {
            var text = await Http.GetStringAsync(new Uri(metricsBase, "/metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("callcenter_voice_active", StringComparison.Ordinal) && !l.StartsWith("callcenter_voice_active_", StringComparison.Ordinal));
            return line is null ? null : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or FormatException)
        {
            return null;
        }
    }
}
