using CallCenter.Gateway.Audio;

namespace CallCenter.Tests.Audio;

/// <summary>
/// Real test signals generated in code: tones, white and pink noise, mains hum, speech-like bursts (a voiced
/// harmonic source with a syllable envelope). Levels are RMS in dBFS as <see cref="Pcm16.Dbfs"/> measures them.
/// Everything is deterministic (seeded) so a failure reproduces.
/// </summary>
internal static class Signals
{
    public static int Samples(int rate, int ms) => (int)((long)rate * ms / 1000);

    public static double[] Silence(int rate, int ms) => new double[Samples(rate, ms)];

    public static double[] Sine(int rate, double hz, int ms, double levelDbfs, double phase = 0)
    {
        var amplitude = Pcm16.DbfsToRms(levelDbfs) * Math.Sqrt(2);
        var x = new double[Samples(rate, ms)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = amplitude * Math.Sin(2 * Math.PI * hz * i / rate + phase);
        }
        return x;
    }

    public static double[] WhiteNoise(int rate, int ms, double levelDbfs, int seed)
    {
        var random = new Random(seed);
        var x = new double[Samples(rate, ms)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Gaussian(random);
        }
        return Normalize(x, levelDbfs);
    }

    /// <summary>1/f noise (Paul Kellet's filter on white noise): most of its energy is low, like room and traffic noise.</summary>
    public static double[] PinkNoise(int rate, int ms, double levelDbfs, int seed)
    {
        var random = new Random(seed);
        var x = new double[Samples(rate, ms)];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var white = Gaussian(random);
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
            b6 = white * 0.115926;
        }
        return Normalize(x, levelDbfs);
    }

    /// <summary>Mains hum: the fundamental with weaker 2nd and 3rd harmonics, as picked up by a badly grounded line.</summary>
    public static double[] Hum(int rate, int ms, double levelDbfs, double mainsHz = 60)
    {
        var x = new double[Samples(rate, ms)];
        for (var i = 0; i < x.Length; i++)
        {
            var t = (double)i / rate;
            x[i] = Math.Sin(2 * Math.PI * mainsHz * t) + 0.3 * Math.Sin(2 * Math.PI * 2 * mainsHz * t + 1) + 0.1 * Math.Sin(2 * Math.PI * 3 * mainsHz * t + 2);
        }
        return Normalize(x, levelDbfs);
    }

    /// <summary>
    /// Speech-like audio: a voiced source (harmonics of a gliding 100–220 Hz pitch with a falling spectrum, plus some
    /// breath noise) shaped into syllables of 120–280 ms with short dips between them, as in connected speech.
    /// Starts and ends at zero.
    /// </summary>
    public static double[] SpeechLike(int rate, int ms, double levelDbfs, int seed)
    {
        var random = new Random(seed);
        var n = Samples(rate, ms);
        var envelope = new double[n];
        var position = 0;
        while (position < n)
        {
            var syllable = Samples(rate, random.Next(120, 281));
            var peak = 0.55 + 0.45 * random.NextDouble();
            for (var i = 0; i < syllable && position + i < n; i++)
            {
                envelope[position + i] = peak * Math.Pow(Math.Sin(Math.PI * i / syllable), 1.5);
            }
            position += syllable + Samples(rate, random.Next(20, 81));
        }
        // Make the last syllable end exactly at the end of the burst, not in the middle of one.
        var tail = Math.Min(n, Samples(rate, 30));
        for (var i = 0; i < tail; i++)
        {
            envelope[n - 1 - i] *= (double)i / tail;
        }

        return Normalize(Multiply(VoicedSource(rate, n, random), envelope), levelDbfs);
    }

    /// <summary>
    /// A steady burst (a held vowel, a cough, a clunk) with 10 ms fades: no syllable dips, so its length is exact.
    /// <paramref name="voiced"/> chooses a harmonic source (speech) or noise (a cough).
    /// </summary>
    public static double[] Burst(int rate, int ms, double levelDbfs, int seed, bool voiced = true)
    {
        var random = new Random(seed);
        var n = Samples(rate, ms);
        var source = voiced ? VoicedSource(rate, n, random) : WhiteNoise(rate, ms, -20, seed);
        var fade = Samples(rate, 10);
        var envelope = new double[n];
        for (var i = 0; i < n; i++)
        {
            var edge = Math.Min(i, n - 1 - i);
            envelope[i] = edge >= fade ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * edge / fade);
        }
        return Normalize(Multiply(source, envelope), levelDbfs);
    }

    private static double[] VoicedSource(int rate, int n, Random random)
    {
        var x = new double[n];
        var f0Start = 100 + 120 * random.NextDouble();
        var f0End = 100 + 120 * random.NextDouble();
        var maxHz = Math.Min(3800, rate * 0.45);
        double phase = 0;
        var harmonicPhases = Enumerable.Range(0, 40).Select(_ => 2 * Math.PI * random.NextDouble()).ToArray();
        for (var i = 0; i < n; i++)
        {
            var f0 = f0Start + (f0End - f0Start) * i / Math.Max(1, n - 1);
            phase += 2 * Math.PI * f0 / rate;
            double sample = 0;
            for (var k = 1; k < 40 && k * f0 < maxHz; k++)
            {
                sample += Math.Sin(k * phase + harmonicPhases[k]) / k;
            }
            x[i] = sample + 0.1 * Gaussian(random);
        }
        return x;
    }

    public static double[] Concat(params double[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Sums the signals sample by sample; the result is as long as the longest.</summary>
    public static double[] Mix(params double[][] parts)
    {
        var x = new double[parts.Max(p => p.Length)];
        foreach (var part in parts)
        {
            for (var i = 0; i < part.Length; i++)
            {
                x[i] += part[i];
            }
        }
        return x;
    }

    /// <summary>Places <paramref name="signal"/> at <paramref name="atMs"/> inside silence of <paramref name="totalMs"/>.</summary>
    public static double[] At(int rate, int totalMs, int atMs, double[] signal)
    {
        var x = new double[Samples(rate, totalMs)];
        var offset = Samples(rate, atMs);
        for (var i = 0; i < signal.Length && offset + i < x.Length; i++)
        {
            x[offset + i] = signal[i];
        }
        return x;
    }

    /// <summary>The signal delayed by <paramref name="delayMs"/> and attenuated by <paramref name="lossDb"/> (an echo of it).</summary>
    public static double[] Echo(int rate, double[] signal, int delayMs, double lossDb)
    {
        var delay = Samples(rate, delayMs);
        var gain = Math.Pow(10, -lossDb / 20);
        var x = new double[signal.Length];
        for (var i = delay; i < x.Length; i++)
        {
            x[i] = gain * signal[i - delay];
        }
        return x;
    }

    public static short[] ToPcm(double[] x) => x.Select(v => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue)).ToArray();

    public static double Dbfs(double[] x) => Pcm16.MeanSquareToDbfs(x.Sum(v => v * v) / x.Length);

    /// <summary>Splits the signal into whole frames (a trailing partial frame is dropped).</summary>
    public static IEnumerable<short[]> Frames(short[] pcm, int frameSamples)
    {
        for (var start = 0; start + frameSamples <= pcm.Length; start += frameSamples)
        {
            yield return pcm[start..(start + frameSamples)];
        }
    }

    /// <summary>Power of one frequency (Goertzel), normalized so a full-length sine of amplitude A gives A²/2.</summary>
    public static double PowerAt(ReadOnlySpan<short> x, int rate, double hz)
    {
        var w = 2 * Math.PI * hz / rate;
        var coefficient = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (var sample in x)
        {
            var s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        var power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * power / ((double)x.Length * x.Length);
    }

    /// <summary>Frequency from the interval between the first and last upward zero crossings (linearly interpolated).</summary>
    public static double ZeroCrossingHz(ReadOnlySpan<short> x, int rate)
    {
        double first = -1, last = -1;
        var crossings = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (x[i - 1] < 0 && x[i] >= 0)
            {
                var t = i - 1 + (double)-x[i - 1] / (x[i] - x[i - 1]);
                if (crossings == 0)
                {
                    first = t;
                }
                last = t;
                crossings++;
            }
        }
        return crossings < 2 ? 0 : (crossings - 1) * rate / (last - first);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var x = new double[a.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = a[i] * b[i];
        }
        return x;
    }

    private static double[] Normalize(double[] x, double levelDbfs)
    {
        var rms = Math.Sqrt(x.Sum(v => v * v) / x.Length);
        var gain = rms == 0 ? 0 : Pcm16.DbfsToRms(levelDbfs) / rms;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= gain;
        }
        return x;
    }
}
