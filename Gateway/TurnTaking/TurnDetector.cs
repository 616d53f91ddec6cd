namespace CallCenter.Gateway.TurnTaking;

public enum TurnEventKind
{
    /// <summary>Nothing new this frame.</summary>
    None,

    /// <summary>The caller has started an utterance (it has lasted <see cref="EndOfTurnOptions.MinSpeechMs"/>).</summary>
    SpeechStarted,

    /// <summary>
    /// The caller has paused for <see cref="EndOfTurnOptions.EarlyDecodeMs"/> within an utterance: it will end unless
    /// speech comes back before <see cref="EndOfTurnOptions.EndOfSpeechMs"/>. Once per pause.
    /// </summary>
    SpeechPaused,

    /// <summary>The caller has finished the utterance: <see cref="EndOfTurnOptions.EndOfSpeechMs"/> of silence followed it.</summary>
    SpeechEnded,
}

/// <summary>A turn-taking event.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="StartMs">Stream time (from the first frame) at which the utterance began: its first voiced frame.
/// A recognizer fed from a short pre-roll buffer can start there instead of at the event.</param>
/// <param name="DurationMs">For <see cref="TurnEventKind.SpeechEnded"/>: from the first to the end of the last voiced
/// frame (the trailing silence is not included). For <see cref="TurnEventKind.SpeechStarted"/>: the time from the
/// start to the event.</param>
/// <param name="Truncated">The utterance was ended at <see cref="EndOfTurnOptions.MaxUtteranceMs"/>, not by a pause.</param>
public readonly record struct TurnEvent(TurnEventKind Kind, long StartMs, int DurationMs, bool Truncated)
{
    public static readonly TurnEvent None = default;
}

/// <summary>
/// Finds the start and the end of each caller utterance from the per-frame output of a
/// <see cref="VoiceActivityDetector"/>. An utterance is a stretch of voiced frames with no pause of
/// <see cref="EndOfTurnOptions.EndOfSpeechMs"/> inside it; it starts (is reported) once its voiced frames add up to
/// <see cref="EndOfTurnOptions.MinSpeechMs"/>, and ends at the first such pause. A stretch that pauses before it has
/// that much speech was a blip and is forgotten. Counting voiced frames across short pauses lets a short first
/// syllable ("I ... want") count toward the start, and dates the start back to it.
/// </summary>
/// <remarks>Time is counted in frames, never read from a clock, so results depend only on the audio. One per call;
/// not thread-safe.</remarks>
public sealed class TurnDetector
{
    private readonly EndOfTurnOptions _options;

    private long _clockMs;            // stream time at the start of the current frame
    private bool _candidate;          // voiced frames seen, not yet long enough to be an utterance
    private bool _speaking;
    private long _startMs;
    private long _voicedMs;           // voiced time counted toward MinSpeechMs
    private long _lastVoicedEndMs;
    private bool _pauseReported;

    public TurnDetector(EndOfTurnOptions? options = null)
    {
        _options = options ?? new EndOfTurnOptions();
        _options.Validate();
    }

    /// <summary>Whether an utterance has started and not yet ended.</summary>
    public bool InUtterance => _speaking;

    /// <summary>Stream time processed so far.</summary>
    public long ElapsedMs => _clockMs;

    /// <summary>Takes the VAD result of the next frame and returns what it changes.</summary>
    public TurnEvent Process(in VoiceActivity frame)
    {
        var frameStart = _clockMs;
        var frameEnd = _clockMs + frame.FrameMs;
        _clockMs = frameEnd;

        if (frame.IsVoiced)
        {
            _lastVoicedEndMs = frameEnd;
            _pauseReported = false;
        }

        if (_speaking)
        {
            if (frameEnd - _lastVoicedEndMs >= _options.EndOfSpeechMs)
            {
                return End(truncated: false);
            }
            if (frameEnd - _startMs >= _options.MaxUtteranceMs)
            {
                return End(truncated: true);
            }
            if (_options.EarlyDecodeMs > 0 && !_pauseReported && frameEnd - _lastVoicedEndMs >= _options.EarlyDecodeMs)
            {
                _pauseReported = true;
                return new TurnEvent(TurnEventKind.SpeechPaused, _startMs, (int)(_lastVoicedEndMs - _startMs), false);
            }
            return TurnEvent.None;
        }

        if (frame.IsVoiced)
        {
            if (!_candidate)
            {
                _candidate = true;
                _startMs = frameStart;
                _voicedMs = 0;
            }
            _voicedMs += frame.FrameMs;
        }
        else if (_candidate && frameEnd - _lastVoicedEndMs >= _options.EndOfSpeechMs)
        {
            // A pause that would have ended an utterance came before there was enough speech: it was a blip.
            _candidate = false;
        }

        if (_candidate && _voicedMs >= _options.MinSpeechMs)
        {
            _candidate = false;
            _speaking = true;
            return new TurnEvent(TurnEventKind.SpeechStarted, _startMs, (int)(frameEnd - _startMs), false);
        }
        return TurnEvent.None;
    }

    /// <summary>Forgets any utterance in progress and restarts the stream clock.</summary>
    public void Reset()
    {
        _clockMs = 0;
        _candidate = false;
        _speaking = false;
        _startMs = 0;
        _voicedMs = 0;
        _lastVoicedEndMs = 0;
        _pauseReported = false;
    }

    private TurnEvent End(bool truncated)
    {
        _speaking = false;
        var end = truncated ? _clockMs : _lastVoicedEndMs;
        return new TurnEvent(TurnEventKind.SpeechEnded, _startMs, (int)(end - _startMs), truncated);
    }
}
