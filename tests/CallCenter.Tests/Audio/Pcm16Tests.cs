using CallCenter.Gateway.Audio;

namespace CallCenter.Tests.Audio;

public sealed class Pcm16Tests
{
    [Fact]
    public void Bytes_are_little_endian_samples()
    {
        byte[] bytes = [0x34, 0x12, 0xFF, 0xFF, 0x00, 0x80, 0xFF, 0x7F];
        var samples = new short[4];

        Assert.Equal(4, Pcm16.ToSamples(bytes, samples));
        Assert.Equal(new short[] { 0x1234, -1, short.MinValue, short.MaxValue }, samples);

        var back = new byte[8];
        Assert.Equal(8, Pcm16.ToBytes(samples, back));
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void An_odd_trailing_byte_is_not_converted()
    {
        var samples = new short[2];
        Assert.Equal(1, Pcm16.ToSamples(new byte[] { 0x01, 0x00, 0x05 }, samples));
        Assert.Equal(1, samples[0]);
        Assert.Equal(0, samples[1]);
    }

    [Fact]
    public void Conversions_refuse_short_outputs()
    {
        Assert.Throws<ArgumentException>(() => Pcm16.ToSamples(new byte[10], new short[4]));
        Assert.Throws<ArgumentException>(() => Pcm16.ToBytes(new short[5], new byte[9]));
    }

    [Fact]
    public void Levels_are_relative_to_full_scale()
    {
        var square = Enumerable.Range(0, 160).Select(i => i % 2 == 0 ? short.MaxValue : short.MinValue).ToArray();
        Assert.Equal(0, Pcm16.Dbfs(square), 2);

        // A sine of amplitude 16,384 (half scale): RMS 16384/√2, −9.03 dBFS (20 ms is a whole number of periods).
        var sine = Signals.ToPcm(Signals.Sine(8000, 1000, 20, 20 * Math.Log10(0.5 / Math.Sqrt(2))));
        Assert.Equal(16384, sine.Max());
        Assert.InRange(Pcm16.Rms(sine), 11584, 11587);
        Assert.InRange(Pcm16.Dbfs(sine), -9.04, -9.02);

        var quiet = Signals.ToPcm(Signals.Sine(8000, 1000, 20, -40));
        Assert.Equal(-40, Pcm16.Dbfs(quiet), 1);

        Assert.Equal(Pcm16.SilenceDbfs, Pcm16.Dbfs(new short[160]));
        Assert.Equal(Pcm16.SilenceDbfs, Pcm16.Dbfs([]));
        Assert.Equal(-90.3, Pcm16.Dbfs(Enumerable.Repeat((short)1, 160).ToArray()), 1);
    }
}
