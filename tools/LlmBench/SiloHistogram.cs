using System.Globalization;

namespace CallCenter.LlmBench;

/// <summary>
/// The silo's own <c>callcenter.llm.overhead</c> histogram (ModelBrain's time on a turn minus the model's), read from
/// /metrics before and after the measured window. Prometheus buckets are coarse (5, 10, 25 ms…), so it gives the
/// count, the mean and the share under 5 ms, not percentiles.
/// </summary>
public sealed record SiloHistogram(double Count, double Sum, double AtMost5)
{
    private const string Name = "callcenter_llm_overhead";

    public static async Task<SiloHistogram?> ReadAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync("metrics");
            double count = 0, sum = 0, atMost5 = 0;
            var found = false;
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith(Name, StringComparison.Ordinal))
                {
                    continue;
                }

                found = true;
                var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                var metric = line.Split('{', ' ')[0];
                if (metric.EndsWith("_count", StringComparison.Ordinal)) count += value;
                else if (metric.EndsWith("_sum", StringComparison.Ordinal)) sum += value;
                else if (metric.EndsWith("_bucket", StringComparison.Ordinal) && line.Contains("le=\"5\"", StringComparison.Ordinal)) atMost5 += value;
            }

            return found ? new SiloHistogram(count, sum, atMost5) : new SiloHistogram(0, 0, 0);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static string Describe(SiloHistogram? before, SiloHistogram? after)
    {
        if (before is null || after is null)
        {
            return "/metrics not readable";
        }

        var count = after.Count - before.Count;
        if (count <= 0)
        {
            return "no turns recorded in the window";
        }

        var inv = CultureInfo.InvariantCulture;
        return $"n {count.ToString("F0", inv)}, mean {((after.Sum - before.Sum) / count).ToString("F2", inv)} ms, " +
            $"≤ 5 ms {(100 * (after.AtMost5 - before.AtMost5) / count).ToString("F2", inv)}% (ModelBrain's part of the turn only)";
    }
}
