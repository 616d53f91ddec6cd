using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CallCenter.LoadGen;

namespace CallCenter.ClusterBench;

/// <summary>One attempt at a turn: when it was sent and answered (Stopwatch timestamps) and whether it was answered.</summary>
public readonly record struct Turn(int Caller, long Sent, long Ended, bool Ok);

/// <summary>
/// Chat callers through the Gateway process, each sending a turn on a fixed pace and, like an app, retrying a failed one
/// after a moment; every attempt is kept for the figures.
/// </summary>
public sealed class Talkers(Uri gateway, int callers, TimeSpan pace) : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(250);
    private static readonly string[] Script = ["where is my order A1001", "how much is the BrewMaster espresso machine?", "what is your return policy"];
    private readonly ChatApiClient _api = new(gateway, callers + 16, TimeSpan.FromSeconds(60));
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _calls = [];
    private Task[] _running = [];

    public ConcurrentQueue<Turn> Turns { get; } = new();

    public async Task StartAsync()
    {
        for (var i = 0; i < callers; i++)
        {
            var started = await _api.StartCallAsync("en", CancellationToken.None);
            _calls.Add(started.Value?.CallId ?? throw new InvalidOperationException($"A call could not be started: {started.Error}"));
        }

        _running = [.. Enumerable.Range(0, callers).Select(i => Task.Run(() => TalkAsync(i)))];
    }

    /// <summary>The attempts sent from <paramref name="since"/> on.</summary>
    public Turn[] Since(long since) => [.. Turns.Where(t => t.Sent >= since)];

    private async Task TalkAsync(int caller)
    {
        var body = Script.Select(text => JsonSerializer.SerializeToUtf8Bytes(new { text })).ToArray();
        var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * pace.TotalSeconds * Stopwatch.Frequency);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var sent = Stopwatch.GetTimestamp();
            var result = await _api.SendMessageAsync(_calls[caller], body[n % body.Length], CancellationToken.None);
            Turns.Enqueue(new Turn(caller, sent, Stopwatch.GetTimestamp(), result.Ok));
            next = result.Ok ? Math.Max(next + (long)(pace.TotalSeconds * Stopwatch.Frequency), sent) : Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        foreach (var call in _calls)
        {
            await _api.HangupAsync(call, CancellationToken.None);
        }

        _api.Dispose();
        _stop.Dispose();
    }
}
