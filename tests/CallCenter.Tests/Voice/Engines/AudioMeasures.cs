namespace CallCenter.Tests.Voice.Engines;

/// <summary>Measurements of synthesized audio for the tests.</summary>
internal static class AudioMeasures
{
    /// <summary>Root mean square of the samples (0 for silence; speech from espeak-ng is in the thousands).</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty) return 0;
        double sum = 0;
        foreach (var s in samples) sum += (double)s * s;
        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>
    /// How alike two recordings' loudness contours are (Pearson correlation of 20 ms RMS frames, -1..1). espeak-ng keeps
    /// state from one sentence to the next, so the same sentence is never bit-identical, but its contour stays close
    /// (0.8 to 0.999 depending on the sentence before it), while different sentences stay below 0.3.
    /// </summary>
    public static double ContourSimilarity(short[] a, short[] b, int sampleRate)
    {
        var frame = sampleRate / 50;
        var x = Contour(a, frame);
        var y = Contour(b, frame);
        var n = Math.Min(x.Length, y.Length);
        if (n < 2) return 0;
        double meanX = x.Take(n).Average(), meanY = y.Take(n).Average(), xy = 0, xx = 0, yy = 0;
        for (var i = 0; i < n; i++)
        {
            xy += (x[i] - meanX) * (y[i] - meanY);
            xx += (x[i] - meanX) * (x[i] - meanX);
            yy += (y[i] - meanY) * (y[i] - meanY);
        }

        return xx == 0 || yy == 0 ? 0 : xy / Math.Sqrt(xx * yy);
    }

    private static double[] Contour(short[] samples, int frame) =>
        Enumerable.Range(0, samples.Length / frame).Select(f => Rms(samples.AsSpan(f * frame, frame))).ToArray();
}
