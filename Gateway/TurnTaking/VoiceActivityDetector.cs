using CallCenter.Gateway.Audio;

namespace CallCenter.Gateway.TurnTaking;

/// <summary>What the voice activity detector concluded about one frame.</summary>
/// <param name="IsSpeech">Speech, including the hangover after the last voiced frame.</param>
/// <param name="IsVoiced">This frame itself is above the speech threshold.</param>
/// <param name="LevelDbfs">The level after the high-pass filter, over the last 20 ms (this frame, and the one before
/// when frames are 10 ms).</param>
/// <param name="NoiseFloorDbfs">The background level the threshold is relative to (after this frame's update).</param>
/// <param name="FrameMs">Duration of the frame.</param>
public readonly record struct VoiceActivity(bool IsSpeech, bool IsVoiced, double LevelDbfs, double NoiseFloorDbfs, int FrameMs);

/// <summary>
/// Per-call energy voice activity detector for 16-bit PCM frames (10 or 20 ms at 8 or 16 kHz). A frame is speech
/// when its level is a margin above an adaptive estimate of the background noise, so the same settings work on a
/// quiet landline, a noisy mobile and a line with a steady hum.
/// </summary>
/// <remarks>
/// <para>The noise floor is a minimum tracker in dB:</para>
/// <list type="bullet">
/// <item>It falls fast (≈50 ms time constant) when the level drops below it: the pauses between words reveal the
/// real background.</item>
/// <item>It rises slowly (<see cref="VoiceActivityOptions.NoiseFloorRiseDbPerSecond"/>) under a louder signal, so
/// speech hardly moves it.</item>
/// <item>It rises quickly to a level that has stayed steady for <see cref="VoiceActivityOptions.StationaryNoiseMs"/>:
/// background noise is stationary, speech never is. This is how a louder background (another caller, a street)
/// stops counting as speech within about a second instead of a minute.</item>
/// <item>Digital silence (dropouts, muted lines) says nothing about the background and leaves the floor alone.</item>
/// </list>
/// <para>Levels are measured over at least 20 ms (with 10 ms frames, the frame and the one before): over shorter
/// windows the waveform of a 60 Hz hum itself swings the level by 10 dB and would pass for speech.</para>
/// <para>The first frame with any signal initializes the floor: calls start with the caller listening to the
/// greeting. If a caller speaks from the very first frame, the floor falls to the background in the first pause
/// and only the first syllable is missed.</para>
/// <para>Costs one biquad and a sum of squares per sample; no allocation per frame. Not thread-safe.</para>
/// </remarks>
public sealed class VoiceActivityDetector
{
    private const double DigitalSilenceMeanSquare = 0.1; // under a third of an LSB RMS: zeros from a dropout or a muted line
    private const int MinWindowMs = 20;
    private const double FloorFallTimeConstantMs = 50;
    private const double StationaryToleranceDb = 3;
    private const double StationaryAdaptTimeConstantMs = 100;

    private readonly VoiceActivityOptions _options;
    private readonly double _fallCoefficient;
    private readonly double _adaptCoefficient;
    private readonly double _risePerFrameDb;
    private readonly int _stationaryFrames;
    private readonly int _hangoverFrames;
    private readonly bool _highPass;
    private readonly double _b0, _b1, _b2, _a1, _a2;

    private readonly double[] _window; // mean squares of the frames in the analysis window (at least 20 ms)
    private int _windowNext;
    private int _windowFilled;
    private double _z1, _z2;          // high-pass filter state (transposed direct form II)
    private double _floor;            // noise floor, dBFS; NaN until the first frame with signal
    private double _steadyLevel;      // running level of the current steady stretch
    private int _steadyRun;           // frames in the current steady stretch
    private int _hangoverLeft;
    private bool _inSpeech;

    public VoiceActivityDetector(int sampleRate, int frameMs, VoiceActivityOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 48000);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameMs, 5);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameMs, 60);
        if (sampleRate * frameMs % 1000 != 0)
        {
            throw new ArgumentException($"{frameMs} ms at {sampleRate} Hz is not a whole number of samples.", nameof(frameMs));
        }

        _options = options ?? new VoiceActivityOptions();
        _options.Validate();
        SampleRate = sampleRate;
        FrameMs = frameMs;
        FrameSamples = sampleRate * frameMs / 1000;

        _fallCoefficient = 1 - Math.Exp(-frameMs / FloorFallTimeConstantMs);
        _adaptCoefficient = 1 - Math.Exp(-frameMs / StationaryAdaptTimeConstantMs);
        _risePerFrameDb = _options.NoiseFloorRiseDbPerSecond * frameMs / 1000.0;
        _stationaryFrames = (_options.StationaryNoiseMs + frameMs - 1) / frameMs;
        _hangoverFrames = (_options.HangoverMs + frameMs - 1) / frameMs;
        _window = new double[(MinWindowMs + frameMs - 1) / frameMs];

        // Second-order Butterworth high-pass (RBJ audio EQ cookbook, Q = 1/√2).
        _highPass = _options.HighPassHz > 0;
        if (_highPass)
        {
            var w0 = 2 * Math.PI * _options.HighPassHz / sampleRate;
            var alpha = Math.Sin(w0) / (2 * Math.Sqrt(0.5));
            var cos = Math.Cos(w0);
            var a0 = 1 + alpha;
            _b0 = (1 + cos) / 2 / a0;
            _b1 = -(1 + cos) / a0;
            _b2 = _b0;
            _a1 = -2 * cos / a0;
            _a2 = (1 - alpha) / a0;
        }
        Reset();
    }

    public int SampleRate { get; }

    public int FrameMs { get; }

    /// <summary>Samples every frame passed to <see cref="Process"/> must have.</summary>
    public int FrameSamples { get; }

    /// <summary>The current background estimate in dBFS (<see cref="Pcm16.SilenceDbfs"/> before any signal).</summary>
    public double NoiseFloorDbfs => double.IsNaN(_floor) ? Pcm16.SilenceDbfs : _floor;

    /// <summary>Classifies the next frame of the stream.</summary>
    public VoiceActivity Process(ReadOnlySpan<short> frame)
    {
        if (frame.Length != FrameSamples)
        {
            throw new ArgumentException($"A frame is {FrameSamples} samples ({FrameMs} ms at {SampleRate} Hz); got {frame.Length}.", nameof(frame));
        }

        var filtered = FilteredMeanSquare(frame, out var digitalSilence);
        _window[_windowNext] = filtered;
        _windowNext = (_windowNext + 1) % _window.Length;
        _windowFilled = Math.Min(_windowFilled + 1, _window.Length);
        var sum = 0.0;
        foreach (var meanSquare in _window)
        {
            sum += meanSquare;
        }
        var level = Pcm16.MeanSquareToDbfs(sum / _windowFilled);

        if (!digitalSilence)
        {
            UpdateFloor(level);
        }

        var margin = _inSpeech ? _options.ContinueMarginDb : _options.StartMarginDb;
        var threshold = Math.Max(NoiseFloorDbfs + margin, _options.MinSpeechLevelDbfs);
        var voiced = level >= threshold;
        if (voiced)
        {
            _inSpeech = true;
            _hangoverLeft = _hangoverFrames;
        }
        else if (_hangoverLeft > 0)
        {
            _hangoverLeft--;
        }
        else
        {
            _inSpeech = false;
        }

        return new VoiceActivity(_inSpeech, voiced, level, NoiseFloorDbfs, FrameMs);
    }

    /// <summary>Forgets the stream (noise floor, filter, speech state), as for a new call.</summary>
    public void Reset()
    {
        Array.Clear(_window);
        _windowNext = 0;
        _windowFilled = 0;
        _z1 = _z2 = 0;
        _floor = double.NaN;
        _steadyLevel = double.NaN;
        _steadyRun = 0;
        _hangoverLeft = 0;
        _inSpeech = false;
    }

    /// <summary>Mean square of the high-passed frame; also whether the raw frame is digital silence.</summary>
    private double FilteredMeanSquare(ReadOnlySpan<short> frame, out bool digitalSilence)
    {
        var raw = Pcm16.MeanSquare(frame);
        digitalSilence = raw < DigitalSilenceMeanSquare;
        if (!_highPass)
        {
            return raw;
        }

        double sum = 0, z1 = _z1, z2 = _z2;
        foreach (var sample in frame)
        {
            double x = sample;
            var y = _b0 * x + z1;
            z1 = _b1 * x - _a1 * y + z2;
            z2 = _b2 * x - _a2 * y;
            sum += y * y;
        }
        _z1 = z1;
        _z2 = z2;
        return sum / frame.Length;
    }

    private void UpdateFloor(double level)
    {
        if (double.IsNaN(_floor))
        {
            _floor = level;
        }

        // Steadiness: consecutive frames within the tolerance of a slowly following reference level.
        if (!double.IsNaN(_steadyLevel) && Math.Abs(level - _steadyLevel) <= StationaryToleranceDb)
        {
            _steadyRun++;
            _steadyLevel += 0.1 * (level - _steadyLevel);
        }
        else
        {
            _steadyRun = 1;
            _steadyLevel = level;
        }

        if (level < _floor)
        {
            _floor += _fallCoefficient * (level - _floor);
        }
        else if (_steadyRun >= _stationaryFrames && _steadyLevel > _floor)
        {
            _floor += _adaptCoefficient * (_steadyLevel - _floor);
        }
        else
        {
            _floor += Math.Min(_risePerFrameDb, level - _floor);
        }
    }
}
