using System.Diagnostics;
using System.Globalization;

namespace CallCenter.LoadGen;

/// <summary>
/// One benchmark run: check the server answers, start the callers, warm up, measure, stop the callers
/// (each finishes its request in flight and hangs up), then report.
/// </summary>
public static class LoadRun
{
    public const int ExitOk = 0;
    public const int ExitUnreachable = 1;
    public const int ExitBadOptions = 2;

    public static async Task<int> MainAsync(string[] args)
    {
        var options = LoadGenOptions.Parse(args, out var error, out var help);
        if (options is null)
        {
            if (help)
            {
                Console.Out.WriteLine(LoadGenOptions.Usage);
                return ExitOk;
            }
            Console.Error.WriteLine(error);
            Console.Error.WriteLine();
            Console.Error.WriteLine(LoadGenOptions.Usage);
            return ExitBadOptions;
        }
        return await RunAsync(options).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync(LoadGenOptions options)
    {
        var report = await MeasureAsync(options).ConfigureAwait(false);
        if (report is null) return ExitUnreachable;
        Console.Out.WriteLine();
        Console.Out.Write(report.ToText());
        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, report.ToJson()).ConfigureAwait(false);
            Console.Error.WriteLine($"Figures written to {Path.GetFullPath(path)}");
        }
        return ExitOk;
    }

    /// <summary>One run's figures (progress goes to stderr); null when the server is unreachable. Other benchmarks call this too.</summary>
    public static async Task<LoadReport?> MeasureAsync(LoadGenOptions options)
    {
        // One connection per call, plus headroom for the hangup of one call overlapping the start of the next.
        using var api = new ChatApiClient(options.Url, options.Calls + 16, TimeSpan.FromSeconds(options.TimeoutSeconds));

        if (!await ProbeAsync(api, options).ConfigureAwait(false)) return null;

        var stats = new RunStats();
        var driver = new CallDriver(api, new ScriptBook(options.Language), stats, options.TurnsPerCall,
            options.Rate > 0 ? TimeSpan.FromSeconds((double)options.Calls / options.Rate) : null);
        var startedAt = DateTimeOffset.Now;
        var t0 = Stopwatch.GetTimestamp();
        var windowStart = t0 + options.WarmupSeconds * Stopwatch.Frequency;
        var windowEnd = windowStart + options.DurationSeconds * Stopwatch.Frequency;
        stats.SetWindow(windowStart, windowEnd);

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Running {options.Calls} calls against {options.Url}: {options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured, {options.TurnsPerCall} turns/call, language {options.LanguageName}, {(options.Rate > 0 ? $"paced to {options.Rate} turns/s" : "closed loop")}."));

        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var callers = Enumerable.Range(0, options.Calls)
            .Select(_ => Task.Run(() => driver.RunCallerAsync(stop.Token, abort.Token)))
            .ToArray();

        using var progressStop = new CancellationTokenSource();
        var progress = ProgressAsync(options, stats, driver, t0, windowStart, progressStop.Token);

        var untilEnd = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), windowEnd);
        if (untilEnd > TimeSpan.Zero) await Task.Delay(untilEnd).ConfigureAwait(false);
        var measuredSeconds = (double)(windowEnd - windowStart) / Stopwatch.Frequency;

        // Wind down: callers finish their request in flight and hang up. The request timeout bounds that; past it, abort.
        stop.Cancel();
        var all = Task.WhenAll(callers);
        var grace = TimeSpan.FromSeconds(options.TimeoutSeconds + 5);
        if (await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all)
        {
            Console.Error.WriteLine("Callers did not stop in time; cancelling the requests still in flight.");
            abort.Cancel();
        }
        await all.ConfigureAwait(false);
        progressStop.Cancel();
        await progress.ConfigureAwait(false);

        return LoadReport.Build(options, stats, startedAt, measuredSeconds);
    }

    /// <summary>
    /// Starts and hangs up one call. Unreachable (connection refused, timeout, DNS...) means there is nothing to
    /// measure; an HTTP error status means the server is up, so the run goes on and the errors are counted.
    /// </summary>
    private static async Task<bool> ProbeAsync(ChatApiClient api, LoadGenOptions options)
    {
        var start = await api.StartCallAsync(options.Language == LanguageMode.Zh ? "zh" : "en", CancellationToken.None).ConfigureAwait(false);
        if (start.Ok)
        {
            await api.HangupAsync(start.Value!.CallId, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        if (start.Error!.StartsWith("HTTP ", StringComparison.Ordinal) || start.Error == ChatApiClient.InvalidBody)
        {
            Console.Error.WriteLine($"Warning: the probe call to {options.Url}api/calls failed with {start.Error}; running anyway and counting errors.");
            return true;
        }
        Console.Error.WriteLine($"Server unreachable at {options.Url}: {start.Error}.");
        return false;
    }

    private static async Task ProgressAsync(LoadGenOptions options, RunStats stats, CallDriver driver, long t0, long windowStart, CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long lastTurns = 0;
        long lastErrors = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var allTurns = stats.AllTurns;
                var allErrors = stats.AllErrors;
                var lastSecondTurns = allTurns - lastTurns;
                var lastSecondErrors = allErrors - lastErrors;
                (lastTurns, lastErrors) = (allTurns, allErrors);

                string line;
                // A tick that lands just after the window opened closes the warm-up; measurement lines start a second later.
                if (now < windowStart + Stopwatch.Frequency / 2)
                {
                    var elapsed = (double)(now - t0) / Stopwatch.Frequency;
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"[warm-up {elapsed,5:F0}s/{options.WarmupSeconds}s]  turns {allTurns,9:N0}  turns/s {allTurns / elapsed,8:N0}  last 1s {lastSecondTurns,7:N0}  errors {allErrors:N0} (last 1s {lastSecondErrors:N0})  open calls {driver.ActiveCalls}");
                }
                else
                {
                    var elapsed = (double)(now - windowStart) / Stopwatch.Frequency;
                    if (elapsed > options.DurationSeconds + 0.5) line = string.Create(CultureInfo.InvariantCulture,
                        $"[wind-down]  open calls {driver.ActiveCalls}");
                    else
                    {
                        var turns = stats.Turns;
                        line = string.Create(CultureInfo.InvariantCulture,
                            $"[measure {elapsed,5:F0}s/{options.DurationSeconds}s]  turns {turns,9:N0}  turns/s {turns / Math.Max(elapsed, 0.001),8:N0}  last 1s {lastSecondTurns,7:N0}  errors {stats.MeasuredErrors:N0} (last 1s {lastSecondErrors:N0})  open calls {driver.ActiveCalls}");
                    }
                }
                Console.Error.WriteLine(line);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Run over.
        }
    }
}
