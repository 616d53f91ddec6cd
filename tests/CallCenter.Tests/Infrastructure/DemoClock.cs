using System.Diagnostics;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// Real time that starts on the demo CRM data's "today" (2026-11-25 12:00 UTC), so return windows and ETAs read the
/// same on any day the tests run, while time still moves for Orleans and timers.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    public static readonly DateTimeOffset DemoToday = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan _skipped;

    public override DateTimeOffset GetUtcNow() => DemoToday + Stopwatch.GetElapsedTime(_started) + _skipped;

    /// <summary>Jumps the clock forward (idle timeouts) without waiting.</summary>
    public void Skip(TimeSpan by) => _skipped += by;
}
