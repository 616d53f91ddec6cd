using System.Collections.Concurrent;
using System.Diagnostics;

namespace CallCenter.LoadGen;

/// <summary>
/// Everything the callers observe. A request belongs to the measurement window if it was sent at or after the window
/// opened and its response arrived before the window closed; only those go into the report's figures. Requests that
/// end before the window (warm-up) or after it (wind-down) are counted apart. The window's bounds are fixed before it
/// opens, so classifying a request needs only its own timestamps. Thread-safe.
/// </summary>
public sealed class RunStats
{
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    private long _allTurns;
    private long _allErrors;
    private long _turns;
    private long _callsStarted;
    private long _callsCompleted;
    private long _callsEndedByServer;
    private long _handoffs;
    private long _urgent;
    private long _warmupErrors;
    private long _windDownErrors;

    public LatencyRecorder TurnLatency { get; } = new();      // Stopwatch ticks
    public LatencyRecorder EngineTime { get; } = new();       // microseconds, from X-Engine-Time-Us
    public LatencyRecorder OutsideEngine { get; } = new();    // microseconds: client latency minus engine time
    public LatencyRecorder CallSetupLatency { get; } = new(); // Stopwatch ticks
    public ConcurrentDictionary<string, long> Errors { get; } = new();
    public ConcurrentDictionary<string, long> Intents { get; } = new();

    /// <summary>Fixes the measurement window, in Stopwatch timestamps. Call once, before <paramref name="start"/>.</summary>
    public void SetWindow(long start, long end)
    {
        Volatile.Write(ref _windowEnd, end);
        Volatile.Write(ref _windowStart, start);
    }

    public long AllTurns => Interlocked.Read(ref _allTurns);
    public long AllErrors => Interlocked.Read(ref _allErrors);
    public long Turns => Interlocked.Read(ref _turns);
    public long CallsStarted => Interlocked.Read(ref _callsStarted);
    public long CallsCompleted => Interlocked.Read(ref _callsCompleted);
    public long CallsEndedByServer => Interlocked.Read(ref _callsEndedByServer);
    public long Handoffs => Interlocked.Read(ref _handoffs);
    public long Urgent => Interlocked.Read(ref _urgent);
    public long WarmupErrors => Interlocked.Read(ref _warmupErrors);
    public long WindDownErrors => Interlocked.Read(ref _windDownErrors);
    public long MeasuredErrors => Errors.Values.Sum();

    private enum Window { Warmup, Measured, WindDown }

    private Window Classify(long started, long ended)
    {
        if (ended >= Volatile.Read(ref _windowEnd)) return Window.WindDown;
        return started >= Volatile.Read(ref _windowStart) ? Window.Measured : Window.Warmup;
    }

    public void RecordStart(in ApiResult<CallStartReply> r)
    {
        if (!r.Ok)
        {
            RecordError("start", r.Started, r.Ended, r.Error!);
            return;
        }
        if (Classify(r.Started, r.Ended) != Window.Measured) return;
        Interlocked.Increment(ref _callsStarted);
        CallSetupLatency.Record(r.Ended - r.Started);
    }

    public void RecordTurn(in ApiResult<MessageReply> r)
    {
        if (!r.Ok)
        {
            RecordError("message", r.Started, r.Ended, r.Error!);
            return;
        }
        Interlocked.Increment(ref _allTurns);
        if (Classify(r.Started, r.Ended) != Window.Measured) return;

        Interlocked.Increment(ref _turns);
        var ticks = r.Ended - r.Started;
        TurnLatency.Record(ticks);
        if (r.EngineTimeUs is { } engineUs)
        {
            EngineTime.Record(engineUs);
            OutsideEngine.Record(TicksToMicroseconds(ticks) - engineUs);
        }

        var reply = r.Value!;
        Intents.AddOrUpdate(string.IsNullOrEmpty(reply.Intent) ? "(none)" : reply.Intent, 1, static (_, n) => n + 1);
        if (reply.Handoff) Interlocked.Increment(ref _handoffs);
        if (reply.Urgent) Interlocked.Increment(ref _urgent);
    }

    /// <summary>A call that ended normally: hung up by us (<paramref name="r"/> is the hangup) or ended by the server's reply.</summary>
    public void RecordCallEnd(in ApiResult<string> r, bool endedByServer)
    {
        if (!r.Ok)
        {
            RecordError("hangup", r.Started, r.Ended, r.Error!);
            return;
        }
        if (Classify(r.Started, r.Ended) != Window.Measured) return;
        Interlocked.Increment(ref _callsCompleted);
        if (endedByServer) Interlocked.Increment(ref _callsEndedByServer);
    }

    private void RecordError(string operation, long started, long ended, string kind)
    {
        Interlocked.Increment(ref _allErrors);
        switch (Classify(started, ended))
        {
            case Window.Measured:
                Errors.AddOrUpdate($"{operation}: {kind}", 1, static (_, n) => n + 1);
                break;
            case Window.Warmup:
                Interlocked.Increment(ref _warmupErrors);
                break;
            default:
                Interlocked.Increment(ref _windDownErrors);
                break;
        }
    }

    public static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static long TicksToMicroseconds(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
