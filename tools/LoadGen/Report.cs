using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.LoadGen;

public sealed record ReportSettings(string Url, int Calls, int WarmupSeconds, int DurationSeconds, int TurnsPerCall, string Language, int Rate);

/// <summary>The figures of one run, as printed and as written by <c>--json</c>. Latencies are in milliseconds.</summary>
public sealed record LoadReport(
    ReportSettings Settings,
    DateTimeOffset StartedAt,
    double MeasuredSeconds,
    long Turns,
    double TurnsPerSecond,
    LatencySummary? ClientLatencyMs,
    LatencySummary? EngineTimeMs,
    LatencySummary? OutsideEngineMs,
    LatencySummary? CallSetupMs,
    long CallsStarted,
    long CallsCompleted,
    long CallsEndedByServer,
    long Handoffs,
    long UrgentReplies,
    IReadOnlyDictionary<string, long> Intents,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind,
    long WarmupErrors,
    long WindDownErrors)
{
    public static LoadReport Build(LoadGenOptions options, RunStats stats, DateTimeOffset startedAt, double measuredSeconds)
    {
        var turns = stats.Turns;
        return new LoadReport(
            new ReportSettings(options.Url.ToString(), options.Calls, options.WarmupSeconds, options.DurationSeconds, options.TurnsPerCall, options.LanguageName, options.Rate),
            startedAt,
            Math.Round(measuredSeconds, 3),
            turns,
            Math.Round(turns / measuredSeconds, 2),
            Round(stats.TurnLatency.Summarize(RunStats.TicksToMs)),
            Round(stats.EngineTime.Summarize(static us => us / 1000.0)),
            Round(stats.OutsideEngine.Summarize(static us => us / 1000.0)),
            Round(stats.CallSetupLatency.Summarize(RunStats.TicksToMs)),
            stats.CallsStarted,
            stats.CallsCompleted,
            stats.CallsEndedByServer,
            stats.Handoffs,
            stats.Urgent,
            Sorted(stats.Intents),
            stats.MeasuredErrors,
            Sorted(stats.Errors),
            stats.WarmupErrors,
            stats.WindDownErrors);
    }

    private static LatencySummary? Round(LatencySummary? s) => s is null
        ? null
        : new LatencySummary(s.Count, R(s.Mean), R(s.P50), R(s.P90), R(s.P99), R(s.P999), R(s.Max));

    private static double R(double ms) => Math.Round(ms, 3);

    private static SortedDictionary<string, long> Sorted(IEnumerable<KeyValuePair<string, long>> counts) =>
        new(counts.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Default.LoadReport);

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void Line(string label, string value) => sb.Append(inv, $"  {label,-24}{value}").AppendLine();
        static string Ms(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        sb.AppendLine("CallCenter load generator: chat API report");
        Line("target", Settings.Url);
        Line("started", StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", inv));
        Line("settings", $"{Settings.Calls} concurrent calls, {Settings.TurnsPerCall} turns/call, language {Settings.Language}, warm-up {Settings.WarmupSeconds} s, {(Settings.Rate > 0 ? $"paced to {Settings.Rate} turns/s" : "closed loop")}");
        Line("measured", $"{MeasuredSeconds.ToString("F1", inv)} s");
        sb.AppendLine();

        Line("turns", N(Turns));
        Line("turns/s", TurnsPerSecond.ToString("N1", inv));
        if (ClientLatencyMs is { } c)
            Line("client latency (ms)", $"p50 {Ms(c.P50)}  p90 {Ms(c.P90)}  p99 {Ms(c.P99)}  max {Ms(c.Max)}  (mean {Ms(c.Mean)})");
        else
            Line("client latency (ms)", "no successful turns");
        if (EngineTimeMs is { } e)
        {
            Line("server engine time (ms)", $"p50 {Ms(e.P50)}  p99 {Ms(e.P99)}  max {Ms(e.Max)}  ({N(e.Count)} of {N(Turns)} replies had {ChatApiClient.EngineTimeHeader})");
            if (OutsideEngineMs is { } o)
                Line("outside engine (ms)", $"p50 {Ms(o.P50)}  p99 {Ms(o.P99)}  max {Ms(o.Max)}  (client latency minus engine time)");
        }
        else
        {
            Line("server engine time (ms)", $"not reported (no {ChatApiClient.EngineTimeHeader} header)");
        }
        if (CallSetupMs is { } s)
            Line("call start (ms)", $"p50 {Ms(s.P50)}  p99 {Ms(s.P99)}  max {Ms(s.Max)}");
        sb.AppendLine();

        Line("calls started", N(CallsStarted));
        Line("calls completed", $"{N(CallsCompleted)}  (ended by the server: {N(CallsEndedByServer)})");
        Line("replies", $"handoff {N(Handoffs)}, urgent {N(UrgentReplies)}");
        if (Intents.Count > 0 && Turns > 0)
            Line("intents", string.Join(", ", Intents.OrderByDescending(kv => kv.Value)
                .Select(kv => $"{kv.Key} {(100.0 * kv.Value / Turns).ToString("F1", inv)}%")));
        sb.AppendLine();

        Line("errors", N(Errors));
        foreach (var (kind, count) in ErrorsByKind.OrderByDescending(kv => kv.Value))
            sb.Append(inv, $"    {N(count),10}  {kind}").AppendLine();
        if (WarmupErrors + WindDownErrors > 0)
            Line("not measured", $"warm-up errors {N(WarmupErrors)}, wind-down errors {N(WindDownErrors)}");
        return sb.ToString();
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
