using System.Buffers;
using System.Buffers.Binary;

namespace CallCenter.Gateway.Media.AudioSocket;

/// <summary>The frame kinds of Asterisk's AudioSocket protocol (the first byte of a frame).</summary>
public enum AudioSocketKind : byte
{
    /// <summary>The call is over (closing the socket means the same).</summary>
    Hangup = 0x00,
    /// <summary>The call's UUID, 16 bytes: always the first frame Asterisk sends.</summary>
    Uuid = 0x01,
    /// <summary>One DTMF key as an ASCII character.</summary>
    Dtmf = 0x03,
    /// <summary>Signed 16-bit little-endian PCM, 8 kHz mono (320 bytes = 20 ms).</summary>
    Audio = 0x10,
    /// <summary>An error; the optional payload is an error code (Asterisk's: 0x01 hangup, 0x02 frame forwarding, 0x04 memory).</summary>
    Error = 0xff,
}

/// <summary>
/// The AudioSocket wire format: a frame is 1 byte kind, 2 bytes BIG-endian payload length, then the payload. The audio
/// inside is little-endian: the header's byte order is the network's, the samples' are Asterisk's native slin.
/// These writers are synchronous and append to any <see cref="IBufferWriter{T}"/>; <see cref="AudioSocketFrameWriter"/>
/// wraps them for a connection.
/// </summary>
public static class AudioSocketProtocol
{
    public const int HeaderBytes = 3;
    public const int SampleRate = 8000;
    public const int BytesPerSample = 2;
    /// <summary>20 ms of 8 kHz 16-bit mono: the frame size Asterisk sends and expects.</summary>
    public const int FrameAudioBytes = 320;
    public const int UuidBytes = 16;
    /// <summary>The length field is 16 bits.</summary>
    public const int MaxPayloadBytes = ushort.MaxValue;

    public static bool IsKnownKind(byte kind) => kind is (byte)AudioSocketKind.Hangup or (byte)AudioSocketKind.Uuid
        or (byte)AudioSocketKind.Dtmf or (byte)AudioSocketKind.Audio or (byte)AudioSocketKind.Error;

    public static TimeSpan DurationOf(int audioBytes) => TimeSpan.FromTicks(audioBytes / BytesPerSample * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Appends one frame.</summary>
    public static void WriteFrame(IBufferWriter<byte> destination, AudioSocketKind kind, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"An AudioSocket payload is at most {MaxPayloadBytes} bytes; got {payload.Length}.", nameof(payload));
        }

        var span = destination.GetSpan(HeaderBytes + payload.Length);
        span[0] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)payload.Length);
        payload.CopyTo(span[HeaderBytes..]);
        destination.Advance(HeaderBytes + payload.Length);
    }

    /// <summary>
    /// Appends <paramref name="pcm"/> (16-bit LE, 8 kHz mono) as audio frames of <paramref name="frameBytes"/> (20 ms by
    /// default); the last frame carries the remainder. Pacing at real time is the caller's job: Asterisk plays what it
    /// gets as it arrives and does not buffer much.
    /// </summary>
    public static void WriteAudio(IBufferWriter<byte> destination, ReadOnlySpan<byte> pcm, int frameBytes = FrameAudioBytes)
    {
        if (pcm.Length % BytesPerSample != 0)
        {
            throw new ArgumentException($"16-bit PCM has an even number of bytes; got {pcm.Length}.", nameof(pcm));
        }

        if (frameBytes <= 0 || frameBytes % BytesPerSample != 0 || frameBytes > MaxPayloadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(frameBytes), frameBytes, "A frame holds a positive, even number of bytes that fits the 16-bit length.");
        }

        while (!pcm.IsEmpty)
        {
            var size = Math.Min(frameBytes, pcm.Length);
            WriteFrame(destination, AudioSocketKind.Audio, pcm[..size]);
            pcm = pcm[size..];
        }
    }

    public static void WriteHangup(IBufferWriter<byte> destination) => WriteFrame(destination, AudioSocketKind.Hangup, []);

    /// <summary>An error frame; <paramref name="code"/> is application-defined (empty is allowed).</summary>
    public static void WriteError(IBufferWriter<byte> destination, ReadOnlySpan<byte> code) => WriteFrame(destination, AudioSocketKind.Error, code);

    /// <summary>The UUID frame, in RFC 4122 (big-endian, string-order) bytes as Asterisk sends it. For simulating Asterisk.</summary>
    public static void WriteUuid(IBufferWriter<byte> destination, Guid callId)
    {
        Span<byte> bytes = stackalloc byte[UuidBytes];
        callId.TryWriteBytes(bytes, bigEndian: true, out _);
        WriteFrame(destination, AudioSocketKind.Uuid, bytes);
    }

    /// <summary>A DTMF frame. For simulating Asterisk (Asterisk accepts only audio, hangup and error from us).</summary>
    public static void WriteDtmf(IBufferWriter<byte> destination, char digit)
    {
        if (!DtmfDigits.IsValid(digit))
        {
            throw new ArgumentOutOfRangeException(nameof(digit), digit, $"A DTMF key is one of {DtmfDigits.All}.");
        }

        WriteFrame(destination, AudioSocketKind.Dtmf, [(byte)digit]);
    }
}
