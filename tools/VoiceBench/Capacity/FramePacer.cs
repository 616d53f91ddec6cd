using System.Diagnostics;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>A stream of 20 ms frames driven by a <see cref="FramePacer"/>.</summary>
internal interface IPacedStream
{
    /// <summary>
    /// Sends every frame due up to and including <paramref name="tick"/> (frame time = pacer start + tick × 20 ms), so a
    /// late pass catches up instead of drifting. Never throws: a stream records its own failure and stops sending.
    /// </summary>
    ValueTask SendDueAsync(long tick);
}

/// <summary>
/// Paces the frames of many streams on one clock with one loop per core, instead of a timer per stream: 1,000 calls
/// are 50,000 frames a second, and 1,000 timers would cost more than the frames. Each loop wakes at every 20 ms tick
/// of an absolute schedule (start + k × 20 ms) and asks each of its streams to send what is due. A stream whose previous
/// send has not completed (its socket is full) is skipped for that pass and catches up on the next, so one slow stream
/// does not hold up the others. How late the loops wake is recorded: if it grows, the client is the bottleneck.
/// </summary>
internal sealed class FramePacer : IAsyncDisposable
{
    public const int FrameMs = 20;
    public static readonly long FrameTicks = Stopwatch.Frequency * FrameMs / 1000;

    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly Lane[] _lanes;
    private readonly Task[] _loops;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lagLock = new();
    private List<double> _lagMs = [];
    private int _nextLane;

    public FramePacer(int loops)
    {
        _lanes = [.. Enumerable.Range(0, loops).Select(_ => new Lane())];
        _loops = [.. _lanes.Select(lane => Task.Run(() => RunAsync(lane)))];
    }

    /// <summary>The tick whose frame is due at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public long TickAt(long timestamp) => (timestamp - _start) / FrameTicks;

    public long TimestampOf(long tick) => _start + tick * FrameTicks;

    public long CurrentTick => TickAt(Stopwatch.GetTimestamp());

    public void Add(IPacedStream stream) => _lanes[(Interlocked.Increment(ref _nextLane) & int.MaxValue) % _lanes.Length].Add(stream);

    /// <summary>Stops pacing the stream; completes once its last send has (after that the caller may send on its socket).</summary>
    public Task RemoveAsync(IPacedStream stream)
    {
        foreach (var lane in _lanes)
        {
            if (lane.Remove(stream) is { } lastSend)
            {
                return lastSend;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>How late the loops woke, in milliseconds, since the last call (the client's own lag).</summary>
    public List<double> TakeLag()
    {
        lock (_lagLock)
        {
            var lag = _lagMs;
            _lagMs = [];
            return lag;
        }
    }

    private async Task RunAsync(Lane lane)
    {
        var tick = CurrentTick + 1;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), TimestampOf(tick));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                var now = Stopwatch.GetTimestamp();
                var lateMs = Stopwatch.GetElapsedTime(TimestampOf(tick), now).TotalMilliseconds;
                lock (_lagLock) _lagMs.Add(lateMs);
                tick = Math.Max(tick, TickAt(now)); // late by more than a tick: the streams send everything due at once
                lane.Pump(tick);
                tick++;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    /// <summary>
    /// The streams of one loop, each with its send in flight, if any. A pass holds the lane's lock, so a stream removed
    /// is never sent on afterwards (its owner may then send on the socket itself); the sends of a pass complete
    /// synchronously unless a socket is full, so the lock is held for a short time.
    /// </summary>
    private sealed class Lane
    {
        private readonly Lock _lock = new();
        private readonly List<Slot> _slots = [];

        public void Add(IPacedStream stream)
        {
            lock (_lock) _slots.Add(new Slot(stream));
        }

        /// <summary>The stream's send in flight (or a completed task) if it was in this lane, else null.</summary>
        public Task? Remove(IPacedStream stream)
        {
            lock (_lock)
            {
                var index = _slots.FindIndex(s => s.Stream == stream);
                if (index < 0)
                {
                    return null;
                }

                var sending = _slots[index].Sending;
                _slots.RemoveAt(index);
                return sending ?? Task.CompletedTask;
            }
        }

        public void Pump(long tick)
        {
            lock (_lock)
            {
                foreach (var slot in _slots)
                {
                    if (slot.Sending is { IsCompleted: false })
                    {
                        continue;
                    }

                    var sending = slot.Stream.SendDueAsync(tick);
                    slot.Sending = sending.IsCompletedSuccessfully ? null : sending.AsTask();
                }
            }
        }
    }

    private sealed class Slot(IPacedStream stream)
    {
        public IPacedStream Stream { get; } = stream;
        public Task? Sending { get; set; }
    }
}
