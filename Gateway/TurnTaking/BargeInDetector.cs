using CallCenter.Gateway.Audio;

namespace CallCenter.Gateway.TurnTaking;

public enum BargeInDecision
{
    /// <summary>The bot is not talking, or the caller is not (audibly, beyond echo) speaking.</summary>
    None,

    /// <summary>The caller is speaking over the bot, not yet for <see cref="BargeInOptions.MinBargeInMs"/>.</summary>
    Candidate,

    /// <summary>The caller is interrupting: stop the bot. Returned once per bot turn.</summary>
    Interrupt,
}

/// <summary>
/// Decides, frame by frame, whether caller speech while the bot is talking is a real interruption. Two things must
/// not interrupt: short noises (a cough, a "hm", shorter than <see cref="BargeInOptions.MinBargeInMs"/>) and the
/// bot's own voice coming back as echo on the caller's line.
/// </summary>
/// <remarks>
/// <para>
/// Echo is judged like the Geigel double-talk detector, on frame levels instead of samples: the detector keeps the
/// level of the bot's audio over the last <see cref="BargeInOptions.EchoDelayToleranceMs"/> (the echo reference) and
/// treats caller audio no louder than that level minus <see cref="BargeInOptions.EchoReturnLossDb"/> as explainable
/// by echo. Only voiced caller frames above that count as speech. The cost: while the bot is loud, a caller has to
/// speak at least nearly as loud as the bot to interrupt, which callers who want to interrupt do.
/// </para>
/// <para>
/// Frames are expected in step: each call of <see cref="Process"/> gives the caller frame just received and the
/// bot frame being played at the same time. One per call; not thread-safe.
/// </para>
/// </remarks>
public sealed class BargeInDetector
{
    private readonly BargeInOptions _options;
    private readonly double[] _botLevels; // ring of the bot's recent frame levels (the echo reference)
    private int _botNext;
    private readonly int _frameMs;

    private long _clockMs;
    private bool _candidate;
    private long _candidateStartMs;
    private long _lastSpeechEndMs;
    private bool _interrupted;

    public BargeInDetector(int frameMs, BargeInOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameMs, 5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameMs, 60);
        _options = options ?? new BargeInOptions();
        _options.Validate();
        _frameMs = frameMs;
        // The current frame plus every frame within the delay tolerance.
        _botLevels = new double[(_options.EchoDelayToleranceMs + frameMs - 1) / frameMs + 1];
        Reset();
    }

    /// <summary>Whether an interruption has been reported during the current bot turn.</summary>
    public bool Interrupted => _interrupted;

    /// <summary>Caller speech counted so far toward an interruption (0 when none).</summary>
    public int CallerSpeechMs => _candidate ? (int)(_lastSpeechEndMs - _candidateStartMs) : 0;

    /// <summary>
    /// Takes the caller's frame (already through the caller's <see cref="VoiceActivityDetector"/>) and the state of
    /// the bot's playback during that frame.
    /// </summary>
    /// <param name="caller">The VAD result of the caller frame; its frame length must be the one given at construction.</param>
    /// <param name="botSpeaking">Whether the bot is in the middle of speaking (including pauses between its sentences).</param>
    /// <param name="botLevelDbfs">Level of the bot audio played during this frame (<see cref="Pcm16.Dbfs"/> of it, in the
    /// same scale as the caller's audio), or <see cref="Pcm16.SilenceDbfs"/> when nothing is playing.</param>
    public BargeInDecision Process(in VoiceActivity caller, bool botSpeaking, double botLevelDbfs)
    {
        if (caller.FrameMs != _frameMs)
        {
            throw new ArgumentException($"Frames are {_frameMs} ms; got {caller.FrameMs} ms.", nameof(caller));
        }

        var frameStart = _clockMs;
        var frameEnd = _clockMs + _frameMs;
        _clockMs = frameEnd;

        // The echo reference keeps running while the bot is silent: its echo outlives its last frame.
        _botLevels[_botNext] = botSpeaking ? botLevelDbfs : Pcm16.SilenceDbfs;
        _botNext = (_botNext + 1) % _botLevels.Length;

        if (!botSpeaking)
        {
            // Speech now is an ordinary turn, not an interruption; the next bot turn starts fresh.
            _candidate = false;
            _interrupted = false;
            return BargeInDecision.None;
        }

        if (_interrupted)
        {
            return BargeInDecision.None;
        }

        var echoReference = EchoReferenceDbfs();
        var speech = caller.IsVoiced && caller.LevelDbfs > echoReference - _options.EchoReturnLossDb;
        if (speech)
        {
            if (!_candidate)
            {
                _candidate = true;
                _candidateStartMs = frameStart;
            }
            _lastSpeechEndMs = frameEnd;
        }
        else if (_candidate && frameEnd - _lastSpeechEndMs > _options.MaxGapMs)
        {
            _candidate = false;
        }

        if (!_candidate)
        {
            return BargeInDecision.None;
        }

        if (_lastSpeechEndMs - _candidateStartMs >= _options.MinBargeInMs)
        {
            _interrupted = true;
            _candidate = false;
            return BargeInDecision.Interrupt;
        }
        return BargeInDecision.Candidate;
    }

    /// <summary>Forgets everything, as for a new call.</summary>
    public void Reset()
    {
        Array.Fill(_botLevels, Pcm16.SilenceDbfs);
        _botNext = 0;
        _clockMs = 0;
        _candidate = false;
        _candidateStartMs = 0;
        _lastSpeechEndMs = 0;
        _interrupted = false;
    }

    private double EchoReferenceDbfs()
    {
        var max = Pcm16.SilenceDbfs;
        foreach (var level in _botLevels)
        {
            max = Math.Max(max, level);
        }
        return max;
    }
}
