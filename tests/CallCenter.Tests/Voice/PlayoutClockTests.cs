using System.Diagnostics;
using CallCenter.Gateway.Voice;

namespace CallCenter.Tests.Voice;

/// <summary>The bot's frames on an absolute schedule, with made-up timestamps (no waiting, no wall clock).</summary>
public sealed class PlayoutClockTests
{
    private static long At(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    /// <summary>Plays as a pacer would: at each tick, release what is due; returns the frames released per tick.</summary>
    private static List<int> Play(PlayoutClock clock, IEnumerable<double> ticksMs)
    {
        var released = new List<int>();
        foreach (var tick in ticksMs)
        {
            var due = clock.FramesDue(At(tick));
            for (var i = 0; i < due; i++) clock.Released(At(tick));
            released.Add(due);
        }

        return released;
    }

    [Fact]
    public void Ticks_on_time_or_a_little_off_release_one_frame_each()
    {
        var clock = new PlayoutClock(20, 5);

        var released = Play(clock, [1000, 1021, 1039, 1062, 1080, 1098]);

        Assert.Equal([1, 1, 1, 1, 1, 1], released);
    }

    [Fact]
    public void A_tick_lost_to_a_busy_thread_pool_is_made_up_at_the_next_so_the_reply_does_not_fall_behind()
    {
        var clock = new PlayoutClock(20, 5);

        // The ticks at 1040 and 1060 never came (PeriodicTimer coalesces missed ticks); the one at 1080 is 5 ms late.
        var released = Play(clock, [1000, 1020, 1085, 1100, 1120]);

        Assert.Equal([1, 1, 3, 1, 1], released);
        Assert.Equal(7, released.Sum()); // frames 0..6 by 1120 ms: exactly on schedule
    }

    [Fact]
    public void A_tick_after_a_catch_up_that_sent_its_frame_early_releases_nothing()
    {
        var clock = new PlayoutClock(20, 5);

        // 1032 is 12 ms late for frame 1 and within half a frame of frame 2's time, so it sends both.
        var released = Play(clock, [1000, 1032, 1040, 1060]);

        Assert.Equal([1, 2, 0, 1], released);
    }

    [Fact]
    public void A_long_stall_sends_at_most_the_catch_up_limit_and_carries_on_from_there()
    {
        var clock = new PlayoutClock(20, 5);

        // Nothing for a second: 50 frames are owed, 5 go out, and the schedule moves on instead of rushing the rest.
        var released = Play(clock, [1000, 2000, 2020, 2040]);

        Assert.Equal([1, 5, 1, 1], released);
    }

    [Fact]
    public void After_playback_stops_the_next_frame_starts_a_new_schedule()
    {
        var clock = new PlayoutClock(20, 5);
        Play(clock, [1000, 1020, 1040]);

        clock.Stopped();
        var released = Play(clock, [5003, 5023, 5043]);

        Assert.Equal([1, 1, 1], released);
    }
}
