namespace CallCenter.LoadGen;

/// <summary>Percentiles of a set of samples, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, double P50, double P90, double P99, double P999, double Max);

/// <summary>
/// Keeps every sample (a long in some unit) and sorts them at the end: exact percentiles, and at a few thousand
/// samples a second for a few minutes the memory is a few megabytes. Thread-safe.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<long> _samples = new(capacity: 64 * 1024);

    public void Record(long sample)
    {
        lock (_lock) _samples.Add(sample);
    }

    public long Count
    {
        get { lock (_lock) return _samples.Count; }
    }

    /// <summary>Summary with each sample converted to milliseconds by <paramref name="toMs"/>; null if there are no samples.</summary>
    public LatencySummary? Summarize(Func<long, double> toMs)
    {
        long[] sorted;
        lock (_lock) sorted = _samples.ToArray();
        if (sorted.Length == 0) return null;
        Array.Sort(sorted);

        double sum = 0;
        foreach (var s in sorted) sum += toMs(s);
        return new LatencySummary(
            sorted.Length,
            sum / sorted.Length,
            toMs(Percentile(sorted, 0.50)),
            toMs(Percentile(sorted, 0.90)),
            toMs(Percentile(sorted, 0.99)),
            toMs(Percentile(sorted, 0.999)),
            toMs(sorted[^1]));
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="p"/> of the samples at or below it.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        var rank = (long)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
