namespace CallCenter.VoiceBench.Capacity;

/// <summary>Where a step of the ramp is: calls talk from the start, but only turns asked while measuring count.</summary>
internal enum StepPhase { WarmingUp, Measuring, Draining }

/// <summary>How every caller of a step behaves, and which phase the step is in (read by all calls, set by the step).</summary>
internal sealed class CallScript(TimeSpan quietBeforeSpeaking, TimeSpan replyTimeout)
{
    private volatile StepPhase _phase = StepPhase.WarmingUp;

    /// <summary>The bot is taken to have finished once no audio came for this long; then the caller asks the next question.</summary>
    public TimeSpan QuietBeforeSpeaking { get; } = quietBeforeSpeaking;

    /// <summary>A question with no answer starting within this long is unanswered; the caller moves on.</summary>
    public TimeSpan ReplyTimeout { get; } = replyTimeout;

    public StepPhase Phase
    {
        get => _phase;
        set => _phase = value;
    }
}
