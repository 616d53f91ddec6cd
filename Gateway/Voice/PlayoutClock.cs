using System.Diagnostics;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// When the bot's frames are due: frame k of a stretch of speech at its first frame's time + k × frame, an absolute
/// schedule. The pacer ticks on a timer whose continuations run on a shared thread pool; a tick that comes more than a
/// frame late is dropped (PeriodicTimer coalesces missed ticks), and with one frame per tick each such tick would push
/// the rest of the reply a frame later for good: over an 8 s answer on a busy machine the delays add up to hundreds of
/// milliseconds. Counted against the clock, a late tick sends the frames it owes, so lateness does not accumulate.
/// Not thread-safe: the pacer alone uses it.
/// </summary>
public sealed class PlayoutClock
{
    private readonly long _frameTicks;
    private readonly int _maxCatchUpFrames;
    private bool _running;
    private long _start;
    private long _released;

    /// <param name="frameMs">Duration of a frame.</param>
    /// <param name="maxCatchUpFrames">Most frames released at one tick. After a longer stall the far end has already
    /// heard a gap; the schedule moves on rather than rush the rest out.</param>
    public PlayoutClock(int frameMs, int maxCatchUpFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCatchUpFrames, 1);
        _frameTicks = Stopwatch.Frequency * frameMs / 1000;
        _maxCatchUpFrames = maxCatchUpFrames;
    }

    /// <summary>
    /// Frames to release at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp): 1 on time or when nothing
    /// is playing, more after a late tick, 0 at a tick that comes after its frame was already sent by a catch-up.
    /// </summary>
    public int FramesDue(long now)
    {
        if (!_running)
        {
            return 1;
        }

        // Half a frame of tolerance: timer ticks jitter around the schedule, and a tick a little early is on time.
        var due = (now - _start + _frameTicks / 2) / _frameTicks + 1 - _released;
        if (due > _maxCatchUpFrames)
        {
            _start += (due - _maxCatchUpFrames) * _frameTicks;
            due = _maxCatchUpFrames;
        }

        return (int)Math.Max(0, due);
    }

    /// <summary>A frame was released at <paramref name="now"/>; the first one of a stretch starts the schedule.</summary>
    public void Released(long now)
    {
        if (!_running)
        {
            _running = true;
            _start = now;
            _released = 0;
        }

        _released++;
    }

    /// <summary>Nothing is playing (the reply ended, or a barge-in paused it): the next frame starts a new schedule.</summary>
    public void Stopped() => _running = false;
}
