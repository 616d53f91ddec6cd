using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.FakeOpenAi;

namespace CallCenter.LlmBench;

/// <summary>
/// The engine's own overhead on a model turn, over the chat HTTP API. Concurrent callers each start a chat call, ask
/// about an order a few times (words the embedded brain's shortcut leaves to the model), and hang up. Each turn is two
/// model requests (the tool call, then the answer) with a CRM lookup between. Per turn, overhead = the server's
/// X-Engine-Time-Us (HTTP in to reply out) minus the reply's modelMs (time spent waiting on the model's streams).
/// Closed loop, or paced to a rate; warm-up, then a measured window (as tools/LoadGen).
/// </summary>
public static class ChatBench
{
    private const string EngineTimeHeader = "X-Engine-Time-Us";
    private const string ModelBrain = "model:small";

    private static readonly string[] Questions =
    [
        "where is my order {0}", "can you check order {0} for me", "what is the status of {0}", "has {0} shipped yet",
        "I'm still waiting for {0}, when will it come",
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        await using var model = await FakeOpenAiServer.StartAsync(new BenchModel(options).Respond, options.ModelPort);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Calls + 16, UseProxy = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };

        var run = new Run(http, options);
        var pace = options.Rate > 0 ? TimeSpan.FromSeconds((double)options.Calls / options.Rate) : (TimeSpan?)null;
        Console.Error.WriteLine(
            $"chat: {options.Calls} calls × {options.Turns} model turns against {options.Url}, fake model on :{options.ModelPort} " +
            $"({options.ModelDelayMs} ms to first chunk, {options.ChunkMs} ms between chunks), {(pace is null ? "closed loop" : $"paced to {options.Rate} turns/s")}, " +
            $"{options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured");

        var t0 = Stopwatch.GetTimestamp();
        run.WindowStart = t0 + options.WarmupSeconds * Stopwatch.Frequency;
        run.WindowEnd = run.WindowStart + options.DurationSeconds * Stopwatch.Frequency;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, options.Calls).Select(i => Task.Run(() => run.CallerAsync(i, pace, stop.Token))).ToArray();

        await DelayUntilAsync(run.WindowStart);
        var before = await SiloHistogram.ReadAsync(http);
        var cpuBefore = Cpu.Read(options.SiloPid);
        for (var second = 1; second <= options.DurationSeconds; second++)
        {
            await DelayUntilAsync(run.WindowStart + second * Stopwatch.Frequency);
            Console.Error.WriteLine($"  [{second,3}/{options.DurationSeconds} s]  model turns {run.Overhead.Count,7}  misrouted {run.Misrouted.Total}  errors {run.Errors.Total}");
        }

        var after = await SiloHistogram.ReadAsync(http);
        var cpuAfter = Cpu.Read(options.SiloPid);
        stop.Cancel();
        await Task.WhenAll(callers);

        var seconds = options.DurationSeconds;
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine();
        Console.Out.WriteLine($"chat model turns: {options.Calls} concurrent calls, {options.Turns} turns a call, " +
            $"{(pace is null ? "closed loop" : $"paced to {options.Rate} turns/s")}, model {options.ModelDelayMs} ms to first chunk per request " +
            $"(2 requests a turn: tool call, answer), {options.ChunkMs} ms between chunks, {seconds} s measured");
        void Line(string label, string value) => Console.Out.WriteLine($"  {label,-40}{value}");
        Line("model turns", $"{run.Overhead.Count} ({(run.Overhead.Count / (double)seconds).ToString("F1", inv)}/s)");
        Line("engine overhead (ms), engine - model", run.Overhead.Summary());
        Line("engine time (ms), X-Engine-Time-Us", run.EngineTime.Summary());
        Line("model time (ms), modelMs", run.ModelTime.Summary());
        Line("client latency (ms)", run.ClientLatency.Summary());
        Line("silo's callcenter_llm_overhead", SiloHistogram.Describe(before, after));
        Line("CPU in the window", Cpu.Describe(cpuBefore, cpuAfter, seconds, run.Overhead.Count));
        Line("misrouted turns (not model:small)", run.Misrouted.ToString());
        Line("errors", run.Errors.ToString());
        return 0;
    }

    private static async Task DelayUntilAsync(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>The callers and what they saw. A turn counts if it was sent after the window opened and answered before it closed.</summary>
    private sealed class Run(HttpClient http, BenchOptions options)
    {
        public long WindowStart { get; set; }
        public long WindowEnd { get; set; }
        public Samples Overhead { get; } = new();
        public Samples EngineTime { get; } = new();
        public Samples ModelTime { get; } = new();
        public Samples ClientLatency { get; } = new();
        public Tally Misrouted { get; } = new();
        public Tally Errors { get; } = new();

        public async Task CallerAsync(int caller, TimeSpan? pace, CancellationToken stop)
        {
            var interval = pace is { } p ? (long)(p.TotalSeconds * Stopwatch.Frequency) : 0;
            var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * interval);
            var question = caller;
            while (!stop.IsCancellationRequested)
            {
                string callId;
                AuthenticationHeaderValue token; // the call's caller token, for its messages and hang-up
                try
                {
                    using var started = await http.PostAsJsonAsync("api/calls", new { channel = "chat", language = "en" }, CancellationToken.None);
                    started.EnsureSuccessStatusCode();
                    var reply = await started.Content.ReadFromJsonAsync<JsonElement>();
                    callId = reply.GetProperty("callId").GetString()!;
                    token = new AuthenticationHeaderValue("Bearer", reply.GetProperty("callerToken").GetString());
                }
                catch (Exception ex)
                {
                    Error($"start: {ex.GetType().Name}");
                    await Task.Delay(100, CancellationToken.None);
                    continue;
                }

                for (var turn = 0; turn < options.Turns && !stop.IsCancellationRequested; turn++, question++)
                {
                    if (interval > 0)
                    {
                        // One message per interval on a fixed schedule; a late caller sends at once but does not catch up.
                        var due = Math.Max(next, Stopwatch.GetTimestamp());
                        next = due + interval;
                        await DelayUntilAsync(due);
                    }

                    var text = string.Format(CultureInfo.InvariantCulture, Questions[question % Questions.Length], $"A100{question % 9 + 1}");
                    if (!await TurnAsync(callId, token, text))
                    {
                        break;
                    }
                }

                try
                {
                    using var hangUp = new HttpRequestMessage(HttpMethod.Post, $"api/calls/{callId}/hangup") { Headers = { Authorization = token } };
                    using var _ = await http.SendAsync(hangUp, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    Error($"hangup: {ex.GetType().Name}");
                }
            }
        }

        private async Task<bool> TurnAsync(string callId, AuthenticationHeaderValue caller, string text)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, $"api/calls/{callId}/messages")
                {
                    Content = JsonContent.Create(new { text }), Headers = { Authorization = caller },
                };
                using var response = await http.SendAsync(message, CancellationToken.None);
                var body = await response.Content.ReadAsByteArrayAsync();
                var answered = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Error($"message: HTTP {(int)response.StatusCode}");
                    return false;
                }

                if (sent < WindowStart || answered >= WindowEnd)
                {
                    return true;
                }

                using var json = JsonDocument.Parse(body);
                var brain = json.RootElement.GetProperty("brain").GetString() ?? "";
                if (brain != ModelBrain)
                {
                    Misrouted.Add(brain);
                    return true;
                }

                if (!response.Headers.TryGetValues(EngineTimeHeader, out var values)
                    || !long.TryParse(values.First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var engineUs))
                {
                    Error($"message: no {EngineTimeHeader}");
                    return true;
                }

                var modelMs = json.RootElement.GetProperty("modelMs").GetDouble();
                Overhead.Add(engineUs / 1000.0 - modelMs);
                EngineTime.Add(engineUs / 1000.0);
                ModelTime.Add(modelMs);
                ClientLatency.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
                return true;
            }
            catch (Exception ex)
            {
                Error($"message: {ex.GetType().Name}");
                return false;
            }
        }

        /// <summary>Counts an error that happened in the measured window (warm-up and wind-down are not measured).</summary>
        private void Error(string kind)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= WindowStart && now < WindowEnd)
            {
                Errors.Add(kind);
            }
        }
    }
}
