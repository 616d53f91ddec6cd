using CallCenter.Gateway.Audio;

namespace CallCenter.Tests.Audio;

public sealed class G711Tests
{
    // Reference values from an independent implementation (CPython's audioop.ulaw2lin / alaw2lin / lin2ulaw / lin2alaw).
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0x8F, 16764)]
    [InlineData(0x0F, -16764)]
    [InlineData(0x10, -15996)]
    [InlineData(0xA5, 6652)]
    [InlineData(0xEF, 132)]
    [InlineData(0x33, -3516)]
    public void MuLaw_decodes_to_the_reference_values(int code, int expected)
    {
        Assert.Equal(expected, G711.MuLawToPcm((byte)code));
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0x80, 5504)]
    [InlineData(0x00, -5504)]
    [InlineData(0xFF, 848)]
    [InlineData(0x12, -3008)]
    [InlineData(0x9C, 3264)]
    public void ALaw_decodes_to_the_reference_values(int code, int expected)
    {
        Assert.Equal(expected, G711.ALawToPcm((byte)code));
    }

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(1, 0xFF, 0xD5)]
    [InlineData(-1, 0x7E, 0x55)]
    [InlineData(-5, 0x7E, 0x55)]
    [InlineData(100, 0xF2, 0xD3)]
    [InlineData(-100, 0x72, 0x53)]
    [InlineData(1000, 0xCE, 0xFA)]
    [InlineData(-1000, 0x4E, 0x7A)]
    [InlineData(12345, 0x97, 0xBD)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    public void Encoding_gives_the_reference_code_words(int sample, int muLaw, int aLaw)
    {
        Assert.Equal(muLaw, G711.PcmToMuLaw((short)sample));
        Assert.Equal(aLaw, G711.PcmToALaw((short)sample));
    }

    [Fact]
    public void Silence_constants_decode_to_silence()
    {
        Assert.Equal(0, G711.MuLawToPcm(G711.MuLawSilence));
        Assert.Equal(8, G711.ALawToPcm(G711.ALawSilence)); // A-law has no exact zero
    }

    [Fact]
    public void Decoding_is_sign_symmetric_and_monotonic()
    {
        for (var code = 0; code < 0x80; code++)
        {
            // The top bit is the sign; the rest is the magnitude.
            Assert.Equal(-G711.MuLawToPcm((byte)code), G711.MuLawToPcm((byte)(code | 0x80)));
            Assert.Equal(-G711.ALawToPcm((byte)code), G711.ALawToPcm((byte)(code | 0x80)));
        }

        // μ-law positive codes 0xFF (0) down to 0x80 (max) are increasing; A-law magnitudes increase with the de-inverted code.
        for (var code = 0xFF; code > 0x80; code--)
        {
            Assert.True(G711.MuLawToPcm((byte)(code - 1)) > G711.MuLawToPcm((byte)code), $"μ-law 0x{code - 1:X2}");
        }
        for (var magnitude = 1; magnitude < 0x80; magnitude++)
        {
            Assert.True(G711.ALawToPcm((byte)((magnitude | 0x80) ^ 0x55)) > G711.ALawToPcm((byte)(((magnitude - 1) | 0x80) ^ 0x55)), $"A-law magnitude {magnitude}");
        }
    }

    [Fact]
    public void Every_code_word_survives_decode_then_encode()
    {
        for (var code = 0; code < 256; code++)
        {
            // μ-law 0x7F is "negative zero"; it decodes to 0, which encodes as the positive zero 0xFF.
            var expectedMu = code == 0x7F ? 0xFF : code;
            Assert.Equal(expectedMu, G711.PcmToMuLaw(G711.MuLawToPcm((byte)code)));
            Assert.Equal(code, G711.PcmToALaw(G711.ALawToPcm((byte)code)));
        }
    }

    [Fact]
    public void Round_trip_error_stays_within_the_companding_step()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            var x = (short)sample;
            var muError = Math.Abs(G711.MuLawToPcm(G711.PcmToMuLaw(x)) - sample);
            var aError = Math.Abs(G711.ALawToPcm(G711.PcmToALaw(x)) - sample);

            // μ-law: within about 1/16 of the amplitude (half a step of a 16-step segment plus the 2 dropped bits),
            // 11 near zero; A-law: 1/32, 8 near zero. Beyond the largest code the value clips to it.
            if (Math.Abs(sample) <= 32124)
            {
                Assert.True(muError <= Math.Max(11, Math.Abs(sample) / 16.0), $"μ-law {sample}: error {muError}");
            }
            else
            {
                Assert.Equal(Math.Sign(sample) * 32124, G711.MuLawToPcm(G711.PcmToMuLaw(x)));
            }

            if (Math.Abs(sample) <= 32256)
            {
                Assert.True(aError <= Math.Max(8, Math.Abs(sample) / 32.0), $"A-law {sample}: error {aError}");
            }
            else
            {
                Assert.Equal(Math.Sign(sample) * 32256, G711.ALawToPcm(G711.PcmToALaw(x)));
            }
        }
    }

    // G.711 gives about 35–38 dB signal-to-quantization-noise for speech levels, less for very quiet signals.
    [Theory]
    [InlineData(-6.0, 33)]
    [InlineData(-20.0, 33)]
    [InlineData(-30.0, 33)]
    [InlineData(-45.0, 25)]
    public void A_tone_round_trips_with_telephone_quality(double levelDbfs, double minSnrDb)
    {
        var tone = Signals.ToPcm(Signals.Sine(8000, 1013, 500, levelDbfs, phase: 0.3));
        var mu = new byte[tone.Length];
        var a = new byte[tone.Length];
        var muBack = new short[tone.Length];
        var aBack = new short[tone.Length];
        G711.PcmToMuLaw(tone, mu);
        G711.MuLawToPcm(mu, muBack);
        G711.PcmToALaw(tone, a);
        G711.ALawToPcm(a, aBack);

        Assert.True(Snr(tone, muBack) > minSnrDb, $"μ-law SNR {Snr(tone, muBack):F1} dB at {levelDbfs} dBFS");
        Assert.True(Snr(tone, aBack) > minSnrDb, $"A-law SNR {Snr(tone, aBack):F1} dB at {levelDbfs} dBFS");
    }

    [Fact]
    public void Table_encoders_match_the_segment_search_for_every_sample()
    {
        for (int sample = short.MinValue; sample <= short.MaxValue; sample++)
        {
            Assert.Equal(G711.EncodeMuLawReference((short)sample), G711.PcmToMuLaw((short)sample));
            Assert.Equal(G711.EncodeALawReference((short)sample), G711.PcmToALaw((short)sample));
        }
    }

    [Fact]
    public void Bulk_conversion_equals_per_sample_conversion()
    {
        var random = new Random(11);
        var pcm = new short[4000];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }
        var codes = new byte[256];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (byte)i;
        }

        var mu = new byte[pcm.Length];
        var a = new byte[pcm.Length];
        G711.PcmToMuLaw(pcm, mu);
        G711.PcmToALaw(pcm, a);
        Assert.Equal(pcm.Select(G711.PcmToMuLaw), mu);
        Assert.Equal(pcm.Select(G711.PcmToALaw), a);

        var fromMu = new short[256];
        var fromA = new short[256];
        G711.MuLawToPcm(codes, fromMu);
        G711.ALawToPcm(codes, fromA);
        Assert.Equal(codes.Select(G711.MuLawToPcm), fromMu);
        Assert.Equal(codes.Select(G711.ALawToPcm), fromA);
    }

    [Fact]
    public void Bulk_conversion_refuses_a_short_output()
    {
        Assert.Throws<ArgumentException>(() => G711.MuLawToPcm(new byte[160], new short[159]));
        Assert.Throws<ArgumentException>(() => G711.PcmToALaw(new short[160], new byte[100]));
    }

    private static double Snr(short[] reference, short[] decoded)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += (double)reference[i] * reference[i];
            var e = (double)decoded[i] - reference[i];
            noise += e * e;
        }
        return 10 * Math.Log10(signal / noise);
    }
}
