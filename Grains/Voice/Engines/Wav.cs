using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CallCenter.Voice.Engines;

/// <summary>RIFF/WAVE for 16-bit mono PCM: what speech APIs take as an audio file.</summary>
public static class Wav
{
    public static byte[] Encode(ReadOnlySpan<short> pcm, int sampleRate)
    {
        var data = MemoryMarshal.AsBytes(pcm);
        var wav = new byte[44 + data.Length];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + data.Length);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);            // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);             // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);             // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);             // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);            // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data.Length);
        data.CopyTo(span[44..]);
        return wav;
    }

    /// <summary>Reads a 16-bit mono PCM WAV; throws with the reason when it is anything else.</summary>
    public static (short[] Pcm, int SampleRate) Decode(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 44 || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            throw new FormatException("Not a RIFF/WAVE file.");
        }

        var offset = 12;
        int sampleRate = 0, bits = 0, channels = 0;
        while (offset + 8 <= wav.Length)
        {
            var id = wav.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav[(offset + 4)..]);
            var body = wav.Slice(offset + 8, Math.Min(size, wav.Length - offset - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (bits != 16 || channels != 1)
                {
                    throw new FormatException($"Expected 16-bit mono PCM; the file has {bits}-bit, {channels} channel(s).");
                }

                return (MemoryMarshal.Cast<byte, short>(body[..(body.Length & ~1)]).ToArray(), sampleRate);
            }

            offset += 8 + size + (size & 1);
        }

        throw new FormatException("The WAVE file has no data chunk.");
    }
}
