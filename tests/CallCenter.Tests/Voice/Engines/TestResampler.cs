namespace CallCenter.Tests.Voice.Engines;

/// <summary>
/// Windowed-sinc resampling for the tests only (espeak-ng speaks at 22,050 Hz, PocketSphinx listens at 16,000 Hz); the
/// production resampler lives in Gateway/Audio. Each output sample is the input convolved with a sinc low-pass at 90%
/// of the lower Nyquist frequency (7.2 kHz here, so nothing folds back), 32 taps on each side under a Blackman window.
/// </summary>
internal static class TestResampler
{
    private const int HalfTaps = 32;

    public static short[] Resample(ReadOnlySpan<short> input, int fromRate, int toRate)
    {
        if (fromRate == toRate) return input.ToArray();
        var step = (double)fromRate / toRate;
        var cutoff = 0.45 * Math.Min(fromRate, toRate) / fromRate;
        var output = new short[(int)(input.Length / step)];
        for (var i = 0; i < output.Length; i++)
        {
            var t = i * step;
            var center = (int)t;
            double sum = 0;
            for (var k = Math.Max(0, center - HalfTaps + 1); k <= center + HalfTaps && k < input.Length; k++)
            {
                var d = t - k;
                var sinc = d == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * d) / (Math.PI * d);
                var window = 0.42 + 0.5 * Math.Cos(Math.PI * d / HalfTaps) + 0.08 * Math.Cos(2 * Math.PI * d / HalfTaps);
                sum += input[k] * sinc * window;
            }

            output[i] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return output;
    }
}
