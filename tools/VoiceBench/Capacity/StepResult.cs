namespace CallCenter.VoiceBench.Capacity;

/// <summary>The figures of one side (engine or relay) at one step of the ramp.</summary>
internal sealed record StepResult(
    string Side,
    int Calls,
    int Errors,
    string? FirstError,
    int TurnsExpected,
    int TurnsAnswered,
    long Frames,
    Summary FrameDelayMs,
    Summary AnswerAfterMs,
    Summary ClientLagMs,
    int StrayFrames,
    int Clears,
    long? RssBeforeKiB,
    long? RssDuringKiB,
    long? ServerActiveCalls,
    double ClientCores,
    double? SiloCores,
    double MachineCores)
{
    /// <summary>Milliseconds of added frame delay at p99 under which a side keeps real time.</summary>
    public const double SustainedP99Ms = 20;

    /// <summary>The client's own pacing lag (p99) beyond which its measurements are its own delays, not the server's.</summary>
    public const double ClientLimitMs = 10;

    public const string Criterion =
        "sustains = no call failed, every question asked while measuring was answered, and p99 added frame delay < 20 ms; "
        + "'client-limited' = the benchmark client itself fell behind (its pacing lag p99 >= 10 ms), so the figures are the client's limit";

    public bool Sustains => Errors == 0 && TurnsExpected > 0 && TurnsAnswered == TurnsExpected && FrameDelayMs.P99 < SustainedP99Ms;

    public bool ClientLimited => ClientLagMs.P99 >= ClientLimitMs;

    /// <summary>(RSS with the calls − RSS before them) / calls.</summary>
    public double? KiBPerCall => RssBeforeKiB is { } before && RssDuringKiB is { } during && Calls > 0 ? (during - before) / (double)Calls : null;

    /// <summary>CPU the rest of the machine used meanwhile (other processes, and the kernel's share not charged to either).</summary>
    public double OtherCores => Math.Max(0, MachineCores - ClientCores - (SiloCores ?? 0));

    public static string Header =>
        $"{"side",-22} {"calls",6} {"answered",11} {"frame delay p50/p99/max ms",27} {"answer after p50/p99",21} {"frames/ans",10} "
        + $"{"client lag p99",14} {"cores client/silo/other",24} {"memory/call",12}  sustains";

    public string Row() =>
        $"{Side,-22} {Calls,6} {$"{TurnsAnswered}/{TurnsExpected}",11} {$"{FrameDelayMs.P50:F1} / {FrameDelayMs.P99:F1} / {FrameDelayMs.Max:F0}",27} "
        + $"{$"{AnswerAfterMs.P50:F0} / {AnswerAfterMs.P99:F0} ms",21} {(TurnsAnswered > 0 ? Frames / (double)TurnsAnswered : 0),10:F0} {$"{ClientLagMs.P99:F1} ms",14} "
        + $"{$"{ClientCores:F2} / {(SiloCores is { } silo ? $"{silo:F2}" : "-")} / {OtherCores:F2}",24} "
        + $"{(KiBPerCall is { } kib ? $"{kib:F0} KiB" : "-"),12}  {(Sustains ? "yes" : "NO")}{(ClientLimited ? " (client-limited)" : "")}"
        + (Errors > 0 ? $"  ({Errors} failed: {FirstError})" : "")
        + (Clears > 0 || StrayFrames > 0 ? $"  [{Clears} clears, {StrayFrames} stray frames]" : "");
}

/// <summary>Percentiles of a set of samples (nearest rank); zeros when there are none.</summary>
internal readonly record struct Summary(long Count, double P50, double P99, double Max)
{
    public static Summary Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return default;
        }

        values.Sort();
        return new Summary(values.Count, BenchArguments.Percentile(values, 50), BenchArguments.Percentile(values, 99), values[^1]);
    }
}
