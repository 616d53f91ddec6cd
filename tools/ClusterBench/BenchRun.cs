using System.Diagnostics;
using System.Globalization;
using CallCenter.LoadGen;

namespace CallCenter.ClusterBench;

/// <summary>The three measurements and their report; each prints its figures as it goes.</summary>
public static class BenchRun
{
    public const string Usage = """
        CallCenter.ClusterBench: cluster figures on this machine (scripts/cluster.sh: PostgreSQL, silos, a Gateway process).

          scaling [--silos 3] [--steps 100,200,300,400,500,600,800,1000] [--duration 15] [--p99 500]
              closed-loop chat turns/s through the Gateway with 1, 2, .. silos, then paced calls (one turn a second
              each) ramped until one step is not sustained (an error, under 97% of the offered turns, or p99 over --p99 ms)
          failover [--kills 5] [--calls 40]
              SIGKILL of the silo holding most calls, repeated: the time from the kill to each call's next answered turn
          drain [--calls 50,200]
              SIGTERM of the silo holding most calls while they talk: time to exit, the moves, what callers noticed
          all     the three, in that order

        Common: --port 19500 (the cluster's ports start there), --dir (default: a new temp folder), --silo-settings "..."
        (more silo settings, e.g. "--Orleans:Membership:ProbeTimeout=00:00:02" to see faster failure detection).
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" || args[0] is not ("scaling" or "failover" or "drain" or "all"))
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
        }

        var options = Options(args.Skip(1).ToArray());
        var repository = RepositoryRoot();
        var directory = options.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "callcenter-clusterbench-" + Guid.NewGuid().ToString("N")[..8]);
        var port = Int(options, "port", 19500);
        var siloSettings = options.GetValueOrDefault("silo-settings") ?? "";
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"cluster: {directory}, ports from {port}; silos on the pass-through speech engines {siloSettings}");

        if (args[0] is "scaling" or "all")
        {
            await using var cluster = new LocalCluster(repository, Path.Combine(directory, "scaling"), port, siloSettings);
            await ScalingAsync(cluster, Int(options, "silos", 3), Ints(options, "steps", [100, 200, 300, 400, 500, 600, 800, 1000]),
                Int(options, "duration", 15), Int(options, "p99", 500));
        }

        if (args[0] is "failover" or "all")
        {
            await using var cluster = new LocalCluster(repository, Path.Combine(directory, "failover"), port + 100, siloSettings);
            await FailoverAsync(cluster, Int(options, "kills", 5), Int(options, "calls", 40));
        }

        if (args[0] is "drain" or "all")
        {
            await using var cluster = new LocalCluster(repository, Path.Combine(directory, "drain"), port + 200, siloSettings);
            await DrainAsync(cluster, Ints(options, "calls", [50, 200]));
        }

        return 0;
    }

    /// <summary>(a) Calls sustained as silos join: closed-loop turns/s, then paced calls ramped to the latency bound.</summary>
    private static async Task ScalingAsync(LocalCluster cluster, int silos, int[] steps, int duration, int p99Bound)
    {
        Console.WriteLine();
        Console.WriteLine("=== scaling: chat calls through the Gateway process as silos join ===");
        var rows = new List<(int Silos, double ClosedTurns, int Sustained, string Cores)>();
        for (var n = 1; n <= silos; n++)
        {
            await cluster.StartAsync(n);
            await Task.Delay(TimeSpan.FromSeconds(6)); // the Gateway re-reads the silos' gateways every 5 s
            var machine = new Machine(() => cluster.ProcessesCpu(n), cluster.PostgresCpu);
            var closed = await MeasureAsync(cluster, calls: 200, rate: 0, duration);
            var cores = machine.Cores();
            Console.WriteLine($"{n} silo(s), closed loop, 200 calls: {closed.TurnsPerSecond:0} turns/s, p50 {closed.ClientLatencyMs?.P50:0.0} ms, "
                + $"p99 {closed.ClientLatencyMs?.P99:0.0} ms, errors {closed.Errors}; cores: {cores}");

            var sustained = 0;
            foreach (var calls in steps)
            {
                var paced = await MeasureAsync(cluster, calls, rate: calls, duration);
                var ok = paced.Errors == 0 && paced.TurnsPerSecond >= 0.97 * calls && paced.ClientLatencyMs?.P99 <= p99Bound;
                Console.WriteLine($"  {calls} calls at 1 turn/s each: {paced.TurnsPerSecond:0} turns/s, p50 {paced.ClientLatencyMs?.P50:0.0} ms, "
                    + $"p99 {paced.ClientLatencyMs?.P99:0.0} ms, errors {paced.Errors}: {(ok ? "sustained" : "not sustained")}");
                if (!ok)
                {
                    break;
                }

                sustained = calls;
            }

            rows.Add((n, closed.TurnsPerSecond, sustained, cores));
        }

        Console.WriteLine();
        Console.WriteLine("| Silos | Closed loop turns/s (200 calls) | Efficiency | Calls sustained (1 turn/s each, p99 ≤ " + p99Bound + " ms) | Efficiency | Cores during the closed loop |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Silos} | {row.ClosedTurns:0} | {row.ClosedTurns / (row.Silos * rows[0].ClosedTurns):0.00} | {row.Sustained} | "
                + $"{(rows[0].Sustained > 0 ? (row.Sustained / (double)(row.Silos * rows[0].Sustained)).ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {row.Cores} |"));
        }
    }

    /// <summary>(b) SIGKILL of the silo holding most calls, repeated: kill → each affected call's next answered turn.</summary>
    private static async Task FailoverAsync(LocalCluster cluster, int kills, int callers)
    {
        Console.WriteLine();
        Console.WriteLine($"=== failover: SIGKILL of the silo holding most of {callers} talking calls, {kills} times (2 silos, the Gateway process) ===");
        await cluster.StartAsync(2);
        await using var talkers = new Talkers(cluster.Gateway, callers, TimeSpan.FromSeconds(1));
        await talkers.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var affected = new LatencyRecorder();
        var everyone = new LatencyRecorder();
        for (var k = 1; k <= kills; k++)
        {
            var victim = await BusiestSiloAsync(cluster, 2);
            var killedAt = Stopwatch.GetTimestamp();
            await cluster.KillAsync(victim);
            var gaps = await NextAnswersAsync(talkers, callers, killedAt);
            var hit = gaps.Where(g => g.Hit).Select(g => g.Ms).Order().ToArray();
            foreach (var gap in gaps)
            {
                everyone.Record((long)gap.Ms);
                if (gap.Hit) affected.Record((long)gap.Ms);
            }

            Console.WriteLine($"kill {k} (silo-{victim}): {hit.Length} calls affected; their next answer {Describe(hit)}");
            await cluster.RestartAsync(victim);
            await Task.Delay(TimeSpan.FromSeconds(8));
        }

        var all = affected.Summarize(ms => ms);
        Console.WriteLine(all is null
            ? "no call was affected"
            : $"affected calls over {kills} kills: {all.Count}; SIGKILL → next answered turn p50 {all.P50 / 1000:0.0} s, p99 {all.P99 / 1000:0.0} s, max {all.Max / 1000:0.0} s "
              + "(the caller's app retries a failed turn after 250 ms)");
        var calm = everyone.Summarize(ms => ms);
        Console.WriteLine($"all calls (a turn a second each): next answered turn after the kill p50 {calm!.P50 / 1000:0.0} s, p99 {calm.P99 / 1000:0.0} s");
    }

    /// <summary>(c) SIGTERM of the silo holding most calls while they talk: exit time, the moves, what the callers noticed.</summary>
    private static async Task DrainAsync(LocalCluster cluster, int[] sizes)
    {
        Console.WriteLine();
        Console.WriteLine("=== drain: SIGTERM of the silo holding most calls while every call talks (a turn a second; 2 silos, the Gateway process) ===");
        await cluster.StartAsync(2);
        foreach (var callers in sizes)
        {
            await using var talkers = new Talkers(cluster.Gateway, callers, TimeSpan.FromSeconds(1));
            await talkers.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var victim = await BusiestSiloAsync(cluster, 2);
            var holding = await cluster.ActiveCallsAsync(victim);
            var termAt = Stopwatch.GetTimestamp();
            await cluster.TermAsync(victim);
            var exit = Stopwatch.GetElapsedTime(termAt).TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var window = talkers.Since(termAt);
            var latencies = window.Where(t => t.Ok).Select(t => Stopwatch.GetElapsedTime(t.Sent, t.Ended).TotalMilliseconds).Order().ToArray();
            var drain = cluster.LastDrain(victim);
            Console.WriteLine($"{callers} calls, {holding} on silo-{victim}: exited {exit:0.0} s after SIGTERM; moved {drain?.Calls} calls in {drain?.Ms:0} ms "
                + $"(after one report interval, 1 s, for the other silos to stop placing calls there); during it and 3 s after: "
                + $"{window.Length} turns, {window.Count(t => !t.Ok)} failed, latency {Describe(latencies)}");
            await cluster.RestartAsync(victim);
            await Task.Delay(TimeSpan.FromSeconds(8));
        }
    }

    private static async Task<LoadReport> MeasureAsync(LocalCluster cluster, int calls, int rate, int duration) =>
        await LoadRun.MeasureAsync(new LoadGenOptions { Url = cluster.Gateway, Calls = calls, Rate = rate, WarmupSeconds = 5, DurationSeconds = duration, Language = LanguageMode.En })
        ?? throw new InvalidOperationException($"The Gateway at {cluster.Gateway} is unreachable.");

    private static async Task<int> BusiestSiloAsync(LocalCluster cluster, int silos)
    {
        var calls = await Task.WhenAll(Enumerable.Range(1, silos).Select(cluster.ActiveCallsAsync));
        return Array.IndexOf(calls, calls.Max()) + 1;
    }

    /// <summary>
    /// For each caller, the time from <paramref name="since"/> to the end of its first answered turn after it, and
    /// whether the kill hit it (a failed attempt, or no answer within two paces).
    /// </summary>
    private static async Task<List<(double Ms, bool Hit)>> NextAnswersAsync(Talkers talkers, int callers, long since)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var turns = talkers.Turns.Where(t => t.Ended > since).ToArray();
            var answered = turns.Where(t => t.Ok).GroupBy(t => t.Caller).ToDictionary(g => g.Key, g => g.Min(t => t.Ended));
            if (answered.Count == callers || DateTime.UtcNow > deadline)
            {
                return [.. answered.Select(a =>
                {
                    var ms = Stopwatch.GetElapsedTime(since, a.Value).TotalMilliseconds;
                    return (ms, ms > 2000 || turns.Any(t => t.Caller == a.Key && !t.Ok && t.Ended < a.Value));
                })];
            }

            await Task.Delay(200);
        }
    }

    private static string Describe(double[] sorted) => sorted.Length == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture,
            $"p50 {sorted[(int)Math.Ceiling(0.5 * sorted.Length) - 1]:0} ms, p99 {sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1]:0} ms, max {sorted[^1]:0} ms");

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static int[] Ints(Dictionary<string, string> options, string name, int[] fallback) =>
        options.TryGetValue(name, out var value) ? [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] : fallback;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallCenter.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from the repository's build output (CallCenter.sln not found above it).");
    }
}
