namespace CallCenter.Gateway.Audio;

/// <summary>
/// ITU-T G.711 companding: μ-law (North America, Japan; Twilio media streams) and A-law (Europe, China) between
/// 8-bit code words and 16-bit linear PCM. The scalar encoders follow the reference segment search of the
/// recommendation (as in the widely used Sun reference implementation); the bulk methods run on lookup tables built
/// from them, so bulk and per-sample results are identical by construction.
/// </summary>
/// <remarks>
/// Encoding is lossy: μ-law keeps 14 bits of the input (the two lowest are dropped), A-law 13 bits (three dropped);
/// within a segment the step doubles with each segment, so the error is about 3 % of the amplitude (SNR ≈ 38 dB).
/// Samples beyond the largest code (μ-law ±32,124, A-law ±32,256) clip to it.
/// </remarks>
public static class G711
{
    /// <summary>The μ-law code word for silence (linear 0); Twilio and Asterisk fill gaps with it.</summary>
    public const byte MuLawSilence = 0xFF;

    /// <summary>The A-law code word closest to silence (linear +8: A-law has no exact zero).</summary>
    public const byte ALawSilence = 0xD5;

    private const int MuLawBias = 0x84;
    private const int MuLawClip = 8159; // largest 14-bit magnitude that still fits after the bias is added

    // Decoding is one table lookup per sample (256 entries each).
    private static readonly short[] MuLawDecode = BuildDecodeTable(DecodeMuLawReference);
    private static readonly short[] ALawDecode = BuildDecodeTable(DecodeALawReference);

    // Encoding depends only on the top 14 (μ-law) or 13 (A-law) bits of the sample, so a 16 KiB / 8 KiB table
    // indexed by the shifted sample replaces the segment search on the real-time path.
    private static readonly byte[] MuLawEncode = BuildEncodeTable(14, EncodeMuLawReference);
    private static readonly byte[] ALawEncode = BuildEncodeTable(13, EncodeALawReference);

    public static short MuLawToPcm(byte code) => MuLawDecode[code];

    public static byte PcmToMuLaw(short sample) => MuLawEncode[(sample >> 2) + 8192];

    public static short ALawToPcm(byte code) => ALawDecode[code];

    public static byte PcmToALaw(short sample) => ALawEncode[(sample >> 3) + 4096];

    /// <summary>Decodes μ-law bytes into samples; <paramref name="pcm"/> must hold at least as many samples as there are bytes.</summary>
    public static void MuLawToPcm(ReadOnlySpan<byte> mulaw, Span<short> pcm) => Decode(mulaw, pcm, MuLawDecode);

    /// <summary>Encodes samples as μ-law; <paramref name="mulaw"/> must hold at least as many bytes as there are samples.</summary>
    public static void PcmToMuLaw(ReadOnlySpan<short> pcm, Span<byte> mulaw) => Encode(pcm, mulaw, MuLawEncode, 2, 8192);

    /// <summary>Decodes A-law bytes into samples; <paramref name="pcm"/> must hold at least as many samples as there are bytes.</summary>
    public static void ALawToPcm(ReadOnlySpan<byte> alaw, Span<short> pcm) => Decode(alaw, pcm, ALawDecode);

    /// <summary>Encodes samples as A-law; <paramref name="alaw"/> must hold at least as many bytes as there are samples.</summary>
    public static void PcmToALaw(ReadOnlySpan<short> pcm, Span<byte> alaw) => Encode(pcm, alaw, ALawEncode, 3, 4096);

    private static void Decode(ReadOnlySpan<byte> codes, Span<short> pcm, short[] table)
    {
        if (pcm.Length < codes.Length)
        {
            throw new ArgumentException($"The output holds {pcm.Length} samples; {codes.Length} are needed.", nameof(pcm));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            pcm[i] = table[codes[i]];
        }
    }

    private static void Encode(ReadOnlySpan<short> pcm, Span<byte> codes, byte[] table, int shift, int offset)
    {
        if (codes.Length < pcm.Length)
        {
            throw new ArgumentException($"The output holds {codes.Length} bytes; {pcm.Length} are needed.", nameof(codes));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            codes[i] = table[(pcm[i] >> shift) + offset];
        }
    }

    /// <summary>μ-law encoding by segment search (G.711 table 2a): bias, find the segment, keep 4 mantissa bits, invert.</summary>
    internal static byte EncodeMuLawReference(short sample)
    {
        int value = sample >> 2;
        int mask;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        value = Math.Min(value, MuLawClip) + (MuLawBias >> 2);
        var segment = Segment(value, 0x3F);
        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        return (byte)(((segment << 4) | ((value >> (segment + 1)) & 0x0F)) ^ mask);
    }

    /// <summary>A-law encoding by segment search (G.711 table 1a); even bits are inverted on the line (0x55).</summary>
    internal static byte EncodeALawReference(short sample)
    {
        int value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        var segment = Segment(value, 0x1F);
        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var mantissa = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(((segment << 4) | mantissa) ^ mask);
    }

    internal static short DecodeMuLawReference(byte code)
    {
        int inverted = ~code & 0xFF;
        var magnitude = (((inverted & 0x0F) << 3) + MuLawBias) << ((inverted & 0x70) >> 4);
        return (short)((inverted & 0x80) != 0 ? MuLawBias - magnitude : magnitude - MuLawBias);
    }

    internal static short DecodeALawReference(byte code)
    {
        int value = code ^ 0x55;
        var magnitude = (value & 0x0F) << 4;
        var segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    /// <summary>The segment (0–7, or 8 when beyond the last) whose upper end, doubling from <paramref name="firstEnd"/>, holds the value.</summary>
    private static int Segment(int value, int firstEnd)
    {
        var end = firstEnd;
        for (var segment = 0; segment < 8; segment++)
        {
            if (value <= end)
            {
                return segment;
            }
            end = (end << 1) | 1;
        }
        return 8;
    }

    private static short[] BuildDecodeTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            table[code] = decode((byte)code);
        }
        return table;
    }

    private static byte[] BuildEncodeTable(int bits, Func<short, byte> encode)
    {
        var shift = 16 - bits;
        var table = new byte[1 << bits];
        for (var index = 0; index < table.Length; index++)
        {
            // Any sample with these top bits encodes the same way; use the smallest.
            var sample = (short)((index - (table.Length >> 1)) << shift);
            table[index] = encode(sample);
        }
        return table;
    }
}
