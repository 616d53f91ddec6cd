using System.Buffers;
using System.IO.Pipelines;
using CallCenter.Gateway.Media.AudioSocket;

namespace CallCenter.Tests.Media.AudioSocket;

/// <summary>Byte streams as Asterisk sends them, and ways to feed them to a reader.</summary>
public static class AudioSocketStreams
{
    public static readonly Guid CallId = Guid.Parse("1f6b2e64-9c3a-4d1e-8b7f-0a2c4e6f8d10");

    /// <summary>20 ms of a ramp, so that a misplaced byte shows.</summary>
    public static byte[] AudioBytes(int bytes = AudioSocketProtocol.FrameAudioBytes, int seed = 0) =>
        Enumerable.Range(0, bytes).Select(i => (byte)(i * 7 + seed)).ToArray();

    /// <summary>UUID, two audio frames, DTMF '5', one more audio frame, hangup.</summary>
    public static byte[] Call()
    {
        var buffer = new ArrayBufferWriter<byte>();
        AudioSocketProtocol.WriteUuid(buffer, CallId);
        AudioSocketProtocol.WriteFrame(buffer, AudioSocketKind.Audio, AudioBytes(seed: 1));
        AudioSocketProtocol.WriteFrame(buffer, AudioSocketKind.Audio, AudioBytes(seed: 2));
        AudioSocketProtocol.WriteDtmf(buffer, '5');
        AudioSocketProtocol.WriteFrame(buffer, AudioSocketKind.Audio, AudioBytes(seed: 3));
        AudioSocketProtocol.WriteHangup(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A frame with any header, for the malformed cases.</summary>
    public static byte[] Frame(byte kind, int declaredLength, byte[]? payload = null) =>
        [kind, (byte)(declaredLength >> 8), (byte)declaredLength, .. payload ?? new byte[declaredLength]];

    public static byte[] Uuid() => Frame(0x01, 16, CallId.ToByteArray(bigEndian: true));

    /// <summary>A reader over bytes that are all there already: every read completes without waiting.</summary>
    public static AudioSocketFrameReader ReaderOver(byte[] bytes, int maxPayloadBytes = AudioSocketFrameReader.DefaultMaxPayloadBytes) =>
        new(PipeReader.Create(new ReadOnlySequence<byte>(bytes)), maxPayloadBytes);

    /// <summary>The same bytes split into several memory segments at the given offsets, as a socket's buffers would be.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, IEnumerable<int> cuts)
    {
        var offsets = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToList();
        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var end in offsets)
        {
            var segment = new Segment(bytes.AsMemory(start, end - start), last?.RunningIndex + last?.Memory.Length ?? 0);
            first ??= segment;
            last?.SetNext(segment);
            last = segment;
            start = end;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    /// <summary>Reads frames until the end or an error, copying each payload (it is only valid until the next read).</summary>
    public static async Task<List<(AudioSocketReadStatus Status, AudioSocketKind Kind, byte[] Payload, AudioSocketErrorKind? Error)>> ReadAllAsync(AudioSocketFrameReader reader)
    {
        var results = new List<(AudioSocketReadStatus, AudioSocketKind, byte[], AudioSocketErrorKind?)>();
        while (true)
        {
            var result = await reader.ReadFrameAsync();
            results.Add(result.IsFrame
                ? (result.Status, result.Frame.Kind, result.Frame.Payload.ToArray(), null)
                : (result.Status, default, [], result.Error?.Kind));
            if (!result.IsFrame)
            {
                return results;
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
