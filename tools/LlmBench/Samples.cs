using System.Collections.Concurrent;
using System.Globalization;

namespace CallCenter.LlmBench;

/// <summary>Every sample of one figure, in milliseconds; exact nearest-rank percentiles at the end. Thread-safe.</summary>
public sealed class Samples
{
    private readonly ConcurrentBag<double> _values = [];

    public void Add(double ms) => _values.Add(ms);

    public int Count => _values.Count;

    /// <summary>"p50 1.23  p90 …  p99 …  max …" or "no samples".</summary>
    public string Summary(string format = "F2")
    {
        var sorted = _values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "no samples";
        }

        string P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)].ToString(format, CultureInfo.InvariantCulture);
        return $"p50 {P(0.50)}  p90 {P(0.90)}  p99 {P(0.99)}  max {sorted[^1].ToString(format, CultureInfo.InvariantCulture)}  (n {sorted.Length})";
    }
}

/// <summary>Counts by name (errors by kind, turns by brain). Thread-safe.</summary>
public sealed class Tally
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public void Add(string name) => _counts.AddOrUpdate(name, 1, static (_, n) => n + 1);

    public long Total => _counts.Values.Sum();

    public override string ToString() => _counts.IsEmpty
        ? "0"
        : $"{Total} ({string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key}: {c.Value}"))})";
}
