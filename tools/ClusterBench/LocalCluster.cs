using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CallCenter.ClusterBench;

/// <summary>
/// A cluster on this machine run by scripts/cluster.sh (PostgreSQL, silos, a Gateway process), in a directory and on
/// ports of its own so it never meets a cluster someone else runs. Silos use the pass-through speech engines.
/// </summary>
public sealed partial class LocalCluster(string repository, string directory, int basePort, string siloSettings = "") : IAsyncDisposable
{
    public Uri Gateway { get; } = new($"http://127.0.0.1:{basePort}/");

    public Uri Silo(int i) => new($"http://127.0.0.1:{basePort + 10 + i}/");

    /// <summary>Starts PostgreSQL, the migration, silos 1..n that are not running and the Gateway; waits for /healthz.</summary>
    public Task StartAsync(int silos) => RunAsync("start", silos.ToString(CultureInfo.InvariantCulture));

    public Task KillAsync(int silo) => RunAsync("kill", silo.ToString(CultureInfo.InvariantCulture));

    public Task RestartAsync(int silo) => RunAsync("restart", silo.ToString(CultureInfo.InvariantCulture));

    /// <summary>SIGTERM to a silo; returns once it has drained and exited.</summary>
    public Task TermAsync(int silo) => RunAsync("term", silo.ToString(CultureInfo.InvariantCulture));

    /// <summary>The process id of silo <paramref name="i"/> (0 for the Gateway), or null when it does not run.</summary>
    public int? Pid(int i)
    {
        var file = Path.Combine(directory, i == 0 ? "gateway.pid" : $"silo-{i}.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    /// <summary>The last drain silo <paramref name="i"/> logged: calls moved and how long the moves took.</summary>
    public (int Calls, double Ms)? LastDrain(int i)
    {
        var match = File.ReadLines(Path.Combine(directory, $"silo-{i}.log")).Select(l => Drained().Match(l)).LastOrDefault(m => m.Success);
        return match is null ? null
            : (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Calls in progress on silo <paramref name="i"/> (its callcenter_calls_active), 0 when it does not answer.</summary>
    public async Task<int> ActiveCallsAsync(int i)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var line = (await http.GetStringAsync(new Uri(Silo(i), "metrics"))).Split('\n')
                .FirstOrDefault(l => l.StartsWith("callcenter_calls_active{", StringComparison.Ordinal));
            return line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>CPU time so far of the silos and the Gateway process.</summary>
    public TimeSpan ProcessesCpu(int silos) => Enumerable.Range(0, silos + 1).Select(Pid).OfType<int>().Aggregate(TimeSpan.Zero, (sum, pid) => sum + Cpu(pid));

    /// <summary>CPU time so far of the cluster's PostgreSQL server: its postmaster and every process it started.</summary>
    public TimeSpan PostgresCpu()
    {
        var file = Path.Combine(directory, "postgres", "data", "postmaster.pid");
        if (!File.Exists(file) || !int.TryParse(File.ReadLines(file).First().Trim(), out var postmaster))
        {
            return TimeSpan.Zero;
        }

        var total = Cpu(postmaster);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) == postmaster)
            {
                total += Cpu(pid);
            }
        }

        return total;
    }

    private static TimeSpan Cpu(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return TimeSpan.Zero; // gone meanwhile
        }
    }

    /// <summary>The parent process id from /proc/PID/stat (the field after the command name in parentheses).</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => new(RunAsync("stop"));

    private async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
        start.ArgumentList.Add(Path.Combine(repository, "scripts", "cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var port = basePort;
        start.Environment["CLUSTER_DIR"] = directory;
        start.Environment["CLUSTER_ID"] = "cluster-bench";
        start.Environment["GATEWAY_HTTP"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["GATEWAY_AUDIOSOCKET"] = (port + 1).ToString(CultureInfo.InvariantCulture);
        start.Environment["SILO_HTTP"] = (port + 10).ToString(CultureInfo.InvariantCulture);
        start.Environment["SILO_AUDIOSOCKET"] = (port + 30).ToString(CultureInfo.InvariantCulture);
        start.Environment["SILO_PORT"] = (port + 50).ToString(CultureInfo.InvariantCulture);
        start.Environment["ORLEANS_GATEWAY_PORT"] = (port + 70).ToString(CultureInfo.InvariantCulture);
        start.Environment["PG_PORT"] = (port + 90).ToString(CultureInfo.InvariantCulture);
        start.Environment["SILO_ARGS"] = $"--Voice:Engines:Recognizer=PassThrough --Voice:Engines:Synthesizer=PassThrough {siloSettings}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }
    }

    [GeneratedRegex(@" drained: (\d+) calls moved in (\d+) ms")]
    private static partial Regex Drained();
}
