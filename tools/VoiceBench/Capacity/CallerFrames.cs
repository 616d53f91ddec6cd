using CallCenter.Gateway.Audio;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>
/// What the callers send, made once and shared by every call: the spoken questions and a second of faint line noise,
/// as 20 ms μ-law frames (160 bytes, 8 kHz), the noise mixed under the speech as on a real line. Sending a call's frame
/// is then a base64 copy, so 1,000 calls cost the client little more than the sockets.
/// </summary>
internal sealed class CallerFrames
{
    public const int FrameBytes = 160;
    private const int NoiseFrames = 50;

    private CallerFrames(byte[][][] questions, byte[][] noise)
    {
        Questions = questions;
        Noise = noise;
    }

    /// <summary>Each question, frame by frame.</summary>
    public byte[][][] Questions { get; }

    /// <summary>A second of line noise (±100, about -50 dBFS), frame by frame, played in a loop between questions.</summary>
    public byte[][] Noise { get; }

    public static CallerFrames Make(IEnumerable<short[]> questions)
    {
        var random = new Random(1);
        var noise = Encode(new short[NoiseFrames * FrameBytes], random);
        return new CallerFrames([.. questions.Select(q => Encode(q, random))], noise);
    }

    private static byte[][] Encode(short[] pcm, Random noise)
    {
        var frames = new byte[(pcm.Length + FrameBytes - 1) / FrameBytes][];
        var samples = new short[FrameBytes];
        for (var f = 0; f < frames.Length; f++)
        {
            for (var i = 0; i < FrameBytes; i++)
            {
                var n = f * FrameBytes + i;
                samples[i] = (short)Math.Clamp((n < pcm.Length ? pcm[n] : 0) + noise.Next(-100, 101), short.MinValue, short.MaxValue);
            }

            frames[f] = new byte[FrameBytes];
            G711.PcmToMuLaw(samples, frames[f]);
        }

        return frames;
    }
}
