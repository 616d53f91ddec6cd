using CallCenter.Gateway.Audio;

namespace CallCenter.Tests.Audio;

public sealed class ResamplerTests
{
    public static TheoryData<int, int> RatePairs()
    {
        int[] rates = [8000, 16000, 22050, 24000];
        var data = new TheoryData<int, int>();
        foreach (var from in rates)
        {
            foreach (var to in rates)
            {
                if (from != to)
                {
                    data.Add(from, to);
                }
            }
        }
        return data;
    }

    private static short[] Convert(int from, int to, short[] input)
    {
        var resampler = new Resampler(from, to);
        var output = new short[resampler.MaxOutputFor(input.Length)];
        var written = resampler.Process(input, output);
        return output[..written];
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void A_1kHz_tone_keeps_its_frequency_and_level(int from, int to)
    {
        var input = Signals.ToPcm(Signals.Sine(from, 1000, 1000, -6));
        var output = Convert(from, to, input);

        // Skip the filter's start-up transient and the not-yet-flushed end.
        var steady = output.AsSpan(to / 20, to * 8 / 10);
        var frequency = Signals.ZeroCrossingHz(steady, to);
        Assert.InRange(frequency, 999.5, 1000.5);
        Assert.InRange(Pcm16.Dbfs(steady), -6.1, -5.9); // the passband is flat

        // Everything that is not the 1 kHz sine (distortion, aliases, images, the wrong frequency) is tiny.
        Assert.True(SineFitSnr(steady, to, 1000) > 60, $"{from} → {to}: SNR {SineFitSnr(steady, to, 1000):F1} dB");
    }

    [Theory]
    [InlineData(16000, 8000, 6000)]   // would alias to 2 kHz
    [InlineData(16000, 8000, 4500)]   // just above the new Nyquist: would alias to 3.5 kHz
    [InlineData(24000, 8000, 5000)]   // → 3 kHz
    [InlineData(22050, 8000, 7000)]   // → 1 kHz
    [InlineData(24000, 16000, 10000)] // → 6 kHz
    [InlineData(22050, 16000, 9000)]  // → 7 kHz
    public void Tones_above_the_new_Nyquist_are_removed_not_aliased(int from, int to, double hz)
    {
        var input = Signals.ToPcm(Signals.Sine(from, hz, 1000, -6));
        var output = Convert(from, to, input);

        var steady = output.AsSpan(to / 20, to * 8 / 10);
        var attenuation = Pcm16.Dbfs(input) - Pcm16.Dbfs(steady);
        Assert.True(attenuation >= 40, $"{hz} Hz from {from} to {to} Hz: only {attenuation:F1} dB down");
    }

    [Theory]
    [InlineData(8000, 16000, 3000)]   // image at 5 kHz
    [InlineData(8000, 22050, 3300)]   // images at 4.7, 11.3 kHz
    [InlineData(16000, 24000, 6000)]  // image at 10 kHz
    public void Upsampling_leaves_no_images(int from, int to, double hz)
    {
        var input = Signals.ToPcm(Signals.Sine(from, hz, 1000, -6));
        var output = Convert(from, to, input);

        var steady = output.AsSpan(to / 20, to * 8 / 10);
        var image = from - hz;
        var imageDb = 10 * Math.Log10(Signals.PowerAt(steady, to, image) / Signals.PowerAt(steady, to, hz));
        Assert.True(imageDb <= -40, $"image at {image} Hz is {imageDb:F1} dB relative to the tone");
        Assert.True(SineFitSnr(steady, to, hz) > 40, $"SNR {SineFitSnr(steady, to, hz):F1} dB");
    }

    [Fact]
    public void The_telephone_band_passes_when_downsampling_to_8kHz()
    {
        foreach (var hz in new[] { 300.0, 1000, 2500, 3300 })
        {
            var input = Signals.ToPcm(Signals.Sine(16000, hz, 1000, -10));
            var steady = Convert(16000, 8000, input).AsSpan(400, 6400);
            Assert.InRange(Pcm16.Dbfs(steady) - Pcm16.Dbfs(input), -0.5, 0.5);
        }
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void The_output_length_follows_the_rate_ratio(int from, int to)
    {
        var resampler = new Resampler(from, to);
        var input = new short[from * 3];
        var output = new short[resampler.MaxOutputFor(input.Length)];
        var written = resampler.Process(input, output);

        // Output n is due once input ⌊n·from/to⌋ has arrived: ⌈N·to/from⌉ outputs for N inputs, exactly 3 s.
        Assert.Equal(to * 3, written);

        // And the count stays exact for a stream that does not end on a whole number of output samples.
        var more = resampler.Process(new short[7], new short[resampler.MaxOutputFor(7)]);
        Assert.Equal((int)Math.Ceiling((from * 3 + 7.0) * to / from), written + more);
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Chunked_processing_equals_one_shot_processing(int from, int to)
    {
        var input = Signals.ToPcm(Signals.Mix(
            Signals.SpeechLike(from, 1500, -20, seed: 3),
            Signals.Sine(from, 440, 1500, -30),
            Signals.WhiteNoise(from, 1500, -45, seed: 4)));
        var oneShot = Convert(from, to, input);

        // Sizes include 1 sample, odd counts, 7 ms, 20 ms and more than the internal block.
        int[][] chunkings =
        [
            [1],
            [7 * from / 1000],
            [20 * from / 1000],
            [1, 2, 3, 5, 7, 11, 13, 160, 441, 1, 999, 2500],
        ];
        foreach (var sizes in chunkings)
        {
            Assert.Equal(oneShot, Chunked(from, to, input, i => sizes[i % sizes.Length]));
        }

        var random = new Random(from ^ to);
        Assert.Equal(oneShot, Chunked(from, to, input, _ => random.Next(0, 700)));
    }

    private static short[] Chunked(int from, int to, short[] input, Func<int, int> size)
    {
        var resampler = new Resampler(from, to);
        var result = new List<short>();
        var position = 0;
        for (var i = 0; position < input.Length; i++)
        {
            var chunk = input.AsSpan(position, Math.Min(size(i), input.Length - position));
            var output = new short[resampler.MaxOutputFor(chunk.Length)]; // exactly the promised maximum
            var written = resampler.Process(chunk, output);
            result.AddRange(output[..written]);
            position += chunk.Length;
        }
        return result.ToArray();
    }

    [Fact]
    public void Reset_starts_over_like_a_new_instance()
    {
        var input = Signals.ToPcm(Signals.SpeechLike(8000, 500, -20, seed: 9));
        var resampler = new Resampler(8000, 22050);
        var output = new short[resampler.MaxOutputFor(input.Length)];

        var first = resampler.Process(input, output);
        var firstOutput = output[..first];
        resampler.Process(Signals.ToPcm(Signals.WhiteNoise(8000, 77, -10, seed: 1)), new short[resampler.MaxOutputFor(616)]);
        resampler.Reset();
        var second = resampler.Process(input, output);

        Assert.Equal(firstOutput, output[..second]);
    }

    [Fact]
    public void The_same_rate_is_a_copy()
    {
        var input = Signals.ToPcm(Signals.WhiteNoise(16000, 20, -20, seed: 2));
        Assert.Equal(input, Convert(16000, 16000, input));
    }

    [Fact]
    public void Full_scale_input_clips_instead_of_wrapping()
    {
        // A full-scale square wave overshoots after low-pass filtering (Gibbs); the overshoot must saturate.
        var square = Enumerable.Range(0, 8000).Select(i => (i / 20) % 2 == 0 ? short.MaxValue : short.MinValue).ToArray();
        var output = Convert(8000, 16000, square);
        var steady = output.AsSpan(400, 15000);
        // Wrapping would turn a positive overshoot into a large negative sample right after a positive one.
        for (var i = 1; i < steady.Length; i++)
        {
            Assert.True(Math.Abs(steady[i] - steady[i - 1]) < 50000, $"jump at {i}: {steady[i - 1]} → {steady[i]}");
        }
        Assert.Equal(short.MaxValue, steady.ToArray().Max());
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(0, 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(8000, -1));
        Assert.Throws<ArgumentException>(() => new Resampler(8000, 8001)); // ratio 8001/8000 needs a filter too large
        var resampler = new Resampler(8000, 16000);
        Assert.Throws<ArgumentException>(() => resampler.Process(new short[160], new short[319]));
    }

    [Fact]
    public void The_delay_is_a_few_milliseconds()
    {
        Assert.InRange(new Resampler(8000, 16000).DelayMilliseconds, 1, 8);
        Assert.InRange(new Resampler(22050, 8000).DelayMilliseconds, 1, 8);
        Assert.Equal(0, new Resampler(16000, 16000).DelayMilliseconds);
    }

    /// <summary>Least-squares fit of a sine at <paramref name="hz"/>; returns fitted power over residual power in dB.</summary>
    private static double SineFitSnr(ReadOnlySpan<short> x, int rate, double hz)
    {
        double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var s = Math.Sin(2 * Math.PI * hz * i / rate);
            var c = Math.Cos(2 * Math.PI * hz * i / rate);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }
        var det = ss * cc - sc * sc;
        var a = (xs * cc - xc * sc) / det;
        var b = (xc * ss - xs * sc) / det;
        double fit = 0, residual = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var f = a * Math.Sin(2 * Math.PI * hz * i / rate) + b * Math.Cos(2 * Math.PI * hz * i / rate);
            fit += f * f;
            var r = x[i] - f;
            residual += r * r;
        }
        return 10 * Math.Log10(fit / residual);
    }
}
