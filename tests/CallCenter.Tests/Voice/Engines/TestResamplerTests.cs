namespace CallCenter.Tests.Voice.Engines;

/// <summary>The test helper itself: the round-trip tests are only as good as the audio it hands the recognizer.</summary>
public sealed class TestResamplerTests
{
    [Fact]
    public void A_tone_keeps_its_pitch_and_level()
    {
        var tone = Tone(1000, 22_050, 22_050);

        var resampled = TestResampler.Resample(tone, 22_050, 16_000);

        Assert.InRange(resampled.Length, 15_990, 16_000);
        // 1 kHz crosses zero 2,000 times a second at any sample rate.
        var crossings = Enumerable.Range(1, resampled.Length - 1).Count(i => (resampled[i - 1] < 0) != (resampled[i] < 0));
        Assert.InRange(crossings, 1_990, 2_010);
        Assert.InRange(AudioMeasures.Rms(resampled.AsSpan(100, 15_000)), AudioMeasures.Rms(tone) * 0.97, AudioMeasures.Rms(tone) * 1.03);
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_frequency_is_filtered_out_instead_of_folding_back()
    {
        var tone = Tone(10_000, 22_050, 22_050);

        var resampled = TestResampler.Resample(tone, 22_050, 16_000);

        Assert.True(AudioMeasures.Rms(resampled.AsSpan(100, 15_000)) < AudioMeasures.Rms(tone) * 0.01);
    }

    private static short[] Tone(double frequency, int rate, int samples) =>
        Enumerable.Range(0, samples).Select(i => (short)(10_000 * Math.Sin(2 * Math.PI * frequency * i / rate))).ToArray();
}
