using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CallCenter.Gateway.Audio;

/// <summary>
/// 16-bit signed little-endian PCM, the wire format of Asterisk AudioSocket and browser audio: byte ↔ sample
/// conversion and frame levels.
/// </summary>
public static class Pcm16
{
    /// <summary>
    /// The level reported for digital silence. A finite floor (instead of −∞) keeps averages and comparisons of
    /// levels well defined; it is below anything a 16-bit signal other than zero can reach (one LSB is −90.3 dBFS).
    /// </summary>
    public const double SilenceDbfs = -120.0;

    /// <summary>Bytes per sample.</summary>
    public const int BytesPerSample = 2;

    /// <summary>
    /// Converts little-endian bytes to samples and returns the number of samples written. An odd trailing byte is
    /// not converted (see <see cref="FrameAssembler"/> for streams that split samples across chunks).
    /// </summary>
    public static int ToSamples(ReadOnlySpan<byte> bytes, Span<short> samples)
    {
        var count = bytes.Length / BytesPerSample;
        if (samples.Length < count)
        {
            throw new ArgumentException($"The output holds {samples.Length} samples; {count} are needed.", nameof(samples));
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, short>(bytes[..(count * BytesPerSample)]).CopyTo(samples);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(i * BytesPerSample));
            }
        }
        return count;
    }

    /// <summary>Converts samples to little-endian bytes and returns the number of bytes written.</summary>
    public static int ToBytes(ReadOnlySpan<short> samples, Span<byte> bytes)
    {
        var count = samples.Length * BytesPerSample;
        if (bytes.Length < count)
        {
            throw new ArgumentException($"The output holds {bytes.Length} bytes; {count} are needed.", nameof(bytes));
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(samples).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.Slice(i * BytesPerSample), samples[i]);
            }
        }
        return count;
    }

    /// <summary>Mean of the squared samples (0 for an empty frame), in squared sample units.</summary>
    public static double MeanSquare(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return 0;
        }

        // A frame is at most a few thousand samples, so a 64-bit integer sum is exact and never overflows.
        long sum = 0;
        foreach (var sample in frame)
        {
            sum += sample * sample;
        }
        return (double)sum / frame.Length;
    }

    /// <summary>Root mean square of the frame, in sample units (0 to 32,768).</summary>
    public static double Rms(ReadOnlySpan<short> frame) => Math.Sqrt(MeanSquare(frame));

    /// <summary>
    /// Level of the frame in dB relative to full scale, where a full-scale square wave is 0 dBFS (so a full-scale
    /// sine is −3.01 dBFS); <see cref="SilenceDbfs"/> for digital silence.
    /// </summary>
    public static double Dbfs(ReadOnlySpan<short> frame) => MeanSquareToDbfs(MeanSquare(frame));

    /// <summary>Converts a mean square (squared sample units) to dBFS, never below <see cref="SilenceDbfs"/>.</summary>
    public static double MeanSquareToDbfs(double meanSquare)
    {
        const double fullScaleSquared = 32768.0 * 32768.0;
        return meanSquare <= 0 ? SilenceDbfs : Math.Max(SilenceDbfs, 10 * Math.Log10(meanSquare / fullScaleSquared));
    }

    /// <summary>The RMS (sample units) of a level in dBFS; the inverse of <see cref="Dbfs"/>.</summary>
    public static double DbfsToRms(double dbfs) => 32768.0 * Math.Pow(10, dbfs / 20);
}
