using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CallCenter.Gateway.Audio;

/// <summary>
/// Streaming sample-rate converter for 16-bit PCM between telephony and speech rates (8,000, 16,000, 22,050 and
/// 24,000 Hz, and any other pair with a small rational ratio), one instance per audio stream.
/// </summary>
/// <remarks>
/// <para>
/// A rational polyphase FIR: conceptually the input is upsampled by L, low-pass filtered and decimated by M
/// (L/M = output rate / input rate in lowest terms), computing only the outputs that are kept, each as one
/// K-tap dot product with one of L filter phases.
/// </para>
/// <para>
/// The low-pass filter is a Kaiser-windowed sinc designed for 80 dB stopband attenuation with the passband up to
/// 42.5 % and the stopband from 50 % of the lower of the two rates: everything at or above the lower Nyquist
/// frequency is removed before it can alias (downsampling) and every image is removed (upsampling). Telephony
/// speech (300–3,400 Hz at 8 kHz) is entirely in the passband.
/// </para>
/// <para>
/// The filter history and the phase are kept between calls, so feeding a stream in chunks of any size (one sample,
/// an odd count, 7 ms) gives exactly the same samples as feeding it in one piece. Filter tables are shared by all
/// instances with the same rates, so a thousand calls hold one copy. Not thread-safe: one stream, one caller.
/// </para>
/// </remarks>
public sealed class Resampler
{
    private const double StopbandAttenuationDb = 80;
    private const double PassbandEdge = 0.425; // of the lower rate
    private const double StopbandEdge = 0.5;   // of the lower rate: the lower Nyquist frequency
    private const int MaxFactor = 2048;
    private const int BlockSize = 1024;        // input samples converted per inner pass (bounds the history buffer)

    private static readonly ConcurrentDictionary<(int Up, int Down, int TapsPerPhase, double Cutoff), float[]> Banks = new();

    private readonly int _up;
    private readonly int _down;
    private readonly int _taps;
    private readonly float[] _coefficients; // phase-major; each phase reversed so it lines up with the history
    private readonly float[] _history;      // recent input samples; the newest at _count - 1
    private int _count;                     // valid samples in _history
    private int _next;                      // index in _history of the newest input sample the next output uses
    private int _phase;                     // filter phase of the next output (0 .. L-1)

    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputRate, 384_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputRate, 384_000);

        InputRate = inputRate;
        OutputRate = outputRate;
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (_up > MaxFactor || _down > MaxFactor)
        {
            throw new ArgumentException($"Converting {inputRate} Hz to {outputRate} Hz needs factors {_up}/{_down}; at most {MaxFactor} is supported.");
        }

        if (_up == 1 && _down == 1)
        {
            // Same rate: a straight copy, no filter.
            _taps = 1;
            _coefficients = [1f];
        }
        else
        {
            var lowRate = Math.Min(inputRate, outputRate);
            var transitionHz = (StopbandEdge - PassbandEdge) * lowRate;
            // Kaiser's length estimate, at the input rate: taps = (A - 7.95) / (2.285 · 2π · Δf / fs). Rounded up to a
            // multiple of 8 so the dot product runs in whole SIMD vectors.
            var taps = (int)Math.Ceiling((StopbandAttenuationDb - 7.95) * inputRate / (2.285 * 2 * Math.PI * transitionHz));
            _taps = (taps + 7) / 8 * 8;
            var cutoff = (PassbandEdge + StopbandEdge) / 2 * lowRate / ((double)inputRate * _up); // cycles per upsampled sample
            _coefficients = Banks.GetOrAdd((_up, _down, _taps, cutoff), key => DesignBank(key.Up, key.TapsPerPhase, key.Cutoff));
        }

        _history = new float[_taps - 1 + BlockSize];
        Reset();
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>
    /// How far the output lags the input, in milliseconds (half the filter length): the price of a linear-phase
    /// filter. About 4.5 ms for 8 → 16 kHz and 6 ms for 22,050 → 8,000 Hz.
    /// </summary>
    public double DelayMilliseconds => (_taps * _up - 1) / 2.0 / _up * 1000.0 / InputRate;

    /// <summary>
    /// The most samples one call of <see cref="Process"/> with <paramref name="inputSamples"/> samples can write,
    /// whatever came before: ⌈n · L / M⌉.
    /// </summary>
    public int MaxOutputFor(int inputSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSamples);
        return (int)(((long)inputSamples * _up + _down - 1) / _down);
    }

    /// <summary>
    /// Converts the next piece of the stream and returns the number of samples written to <paramref name="output"/>,
    /// which must hold at least <see cref="MaxOutputFor"/>(<paramref name="input"/>.Length) samples.
    /// </summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        var needed = MaxOutputFor(input.Length);
        if (output.Length < needed)
        {
            throw new ArgumentException($"The output holds {output.Length} samples; up to {needed} may be written.", nameof(output));
        }

        if (_up == 1 && _down == 1)
        {
            input.CopyTo(output);
            return input.Length;
        }

        var written = 0;
        while (!input.IsEmpty)
        {
            var take = Math.Min(input.Length, _history.Length - _count);
            var block = _history.AsSpan(_count, take);
            for (var i = 0; i < take; i++)
            {
                block[i] = input[i];
            }
            _count += take;
            input = input[take..];

            while (_next < _count)
            {
                var y = Dot(_coefficients.AsSpan(_phase * _taps, _taps), _history.AsSpan(_next - _taps + 1, _taps));
                output[written++] = (short)Math.Clamp((int)MathF.Round(y), short.MinValue, short.MaxValue);
                _phase += _down;
                _next += _phase / _up;
                _phase %= _up;
            }

            // Keep only the samples later outputs still need (the last K-1 before the next output's newest sample).
            var drop = _next - (_taps - 1);
            if (drop > 0)
            {
                _history.AsSpan(drop, _count - drop).CopyTo(_history);
                _count -= drop;
                _next -= drop;
            }
        }
        return written;
    }

    /// <summary>Forgets the stream: the next input starts from silence, as in a new instance.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _count = _taps - 1;
        _next = _taps - 1;
        _phase = 0;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (var v = 0; v < va.Length; v++)
            {
                acc += va[v] * vb[v];
            }
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>
    /// Designs the prototype low-pass (length L·K at the upsampled rate) and splits it into L phases of K taps,
    /// each reversed so that phase p applied to x[i-K+1 .. i] is Σ h[p + kL] · x[i - k].
    /// </summary>
    private static float[] DesignBank(int up, int tapsPerPhase, double cutoff)
    {
        var length = up * tapsPerPhase;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var center = (length - 1) / 2.0;
        var prototype = new double[length];
        var sum = 0.0;
        for (var m = 0; m < length; m++)
        {
            var t = m - center;
            var sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            var r = t / center;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / BesselI0(beta);
            prototype[m] = sinc * window;
            sum += prototype[m];
        }

        // Unity gain: the upsampler inserts L-1 zeros between samples, so the filter's DC gain must be L.
        var scale = up / sum;
        var bank = new float[length];
        for (var phase = 0; phase < up; phase++)
        {
            for (var j = 0; j < tapsPerPhase; j++)
            {
                bank[phase * tapsPerPhase + j] = (float)(prototype[phase + (tapsPerPhase - 1 - j) * up] * scale);
            }
        }
        return bank;
    }

    private static double BesselI0(double x)
    {
        // Power series; converges quickly for the arguments a Kaiser window uses (x ≤ 10).
        var sum = 1.0;
        var term = 1.0;
        var half = x / 2;
        for (var k = 1; k < 64; k++)
        {
            term *= half / k;
            var square = term * term;
            sum += square;
            if (square < sum * 1e-17)
            {
                break;
            }
        }
        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}
