using System.Buffers;
using System.IO.Pipelines;

namespace CallCenter.Gateway.Media.AudioSocket;

/// <summary>
/// Reads AudioSocket frames from what Asterisk sends over TCP. One reader per connection, one read at a time.
/// <para>
/// <see cref="ReadFrameAsync"/> returns a frame, <see cref="AudioSocketReadResult.EndOfStream"/> when the connection
/// closed between frames, or a protocol error: an unknown kind, a first frame that is not the UUID (or a second UUID),
/// a UUID that is not 16 bytes, a frame over <see cref="MaxPayloadBytes"/>, audio with an odd byte count, a DTMF frame
/// that is not one key, or the connection closing inside a frame. Errors are found from the 3-byte header where
/// possible, without waiting for (or buffering) the payload. After an error the byte stream cannot be trusted to be
/// aligned on frames, so the error is sticky: every later read returns it again. Only I/O failures and cancellation
/// throw.
/// </para>
/// <para>
/// A frame's payload is copied out of the pipe into one reusable buffer, so that the pipe's memory is released at once
/// and nothing is allocated per frame; it is valid until the next read.
/// </para>
/// </summary>
public sealed class AudioSocketFrameReader : IAsyncDisposable
{
    /// <summary>Asterisk sends 320-byte audio frames; 8 KiB (half a second) leaves room for other senders and tests.</summary>
    public const int DefaultMaxPayloadBytes = 8 * 1024;

    private readonly PipeReader _input;
    private readonly bool _ownsInput;
    private byte[] _payload = [];
    private AudioSocketError? _failure;
    private bool _ended;

    public AudioSocketFrameReader(PipeReader input, int maxPayloadBytes = DefaultMaxPayloadBytes)
        : this(input, ownsInput: false, maxPayloadBytes)
    {
    }

    /// <summary>Reads from a stream (a NetworkStream); the stream stays open when the reader is disposed.</summary>
    public AudioSocketFrameReader(Stream input, int maxPayloadBytes = DefaultMaxPayloadBytes)
        : this(PipeReader.Create(input, new StreamPipeReaderOptions(leaveOpen: true)), ownsInput: true, maxPayloadBytes)
    {
    }

    private AudioSocketFrameReader(PipeReader input, bool ownsInput, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, AudioSocketProtocol.UuidBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadBytes, AudioSocketProtocol.MaxPayloadBytes);
        _input = input;
        _ownsInput = ownsInput;
        MaxPayloadBytes = maxPayloadBytes;
    }

    public int MaxPayloadBytes { get; }

    /// <summary>The call's UUID, once the first frame has been read.</summary>
    public Guid? CallId { get; private set; }

    public long FramesRead { get; private set; }

    public async ValueTask<AudioSocketReadResult> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (_failure is not null)
        {
            return AudioSocketReadResult.FromError(_failure);
        }

        if (_ended)
        {
            return AudioSocketReadResult.EndOfStream;
        }

        while (true)
        {
            var read = await _input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (read.IsCanceled)
            {
                _input.AdvanceTo(buffer.Start);
                throw new OperationCanceledException("The pending read was canceled (PipeReader.CancelPendingRead).");
            }

            var step = TryParse(buffer, out var consumed, out var frame, out var error);
            if (step == Step.Frame)
            {
                _input.AdvanceTo(consumed);
                FramesRead++;
                if (frame.Kind == AudioSocketKind.Uuid)
                {
                    CallId = frame.CallId;
                }

                return AudioSocketReadResult.FromFrame(frame);
            }

            if (step == Step.Error)
            {
                _input.AdvanceTo(buffer.Start);
                return Fail(error!);
            }

            if (read.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    _ended = true;
                    return AudioSocketReadResult.EndOfStream;
                }

                return Fail(new AudioSocketError(AudioSocketErrorKind.Truncated,
                    $"The connection closed inside a frame ({buffer.Length} bytes of an unfinished {(buffer.Length < AudioSocketProtocol.HeaderBytes ? "header" : "frame")})."));
            }

            // Not a whole frame yet: keep everything, and ask for more than is already buffered.
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsInput)
        {
            await _input.CompleteAsync();
        }
    }

    private AudioSocketReadResult Fail(AudioSocketError error)
    {
        _failure = error;
        return AudioSocketReadResult.FromError(error);
    }

    private Step TryParse(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out AudioSocketFrame frame, out AudioSocketError? error)
    {
        consumed = buffer.Start;
        frame = default;
        error = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var kindByte) || !reader.TryReadBigEndian(out short signedLength))
        {
            return Step.NeedMore;
        }

        int length = (ushort)signedLength;
        error = CheckHeader(kindByte, length);
        if (error is not null)
        {
            return Step.Error;
        }

        if (reader.Remaining < length)
        {
            return Step.NeedMore;
        }

        if (_payload.Length < length)
        {
            // Grow geometrically up to the limit: the usual 320-byte audio frame settles the size at once.
            _payload = new byte[Math.Min(Math.Max(Math.Max(length, 512), _payload.Length * 2), MaxPayloadBytes)];
        }

        var payload = _payload.AsMemory(0, length);
        reader.TryCopyTo(payload.Span);
        reader.Advance(length);

        var kind = (AudioSocketKind)kindByte;
        if (kind == AudioSocketKind.Dtmf && !DtmfDigits.IsValid(payload.Span[0]))
        {
            error = new(AudioSocketErrorKind.BadDtmf, $"DTMF frame carries byte 0x{payload.Span[0]:x2}, not a key ({DtmfDigits.All}).");
            return Step.Error;
        }

        consumed = reader.Position;
        frame = new AudioSocketFrame(kind, payload);
        return Step.Frame;
    }

    private AudioSocketError? CheckHeader(byte kindByte, int length)
    {
        if (!AudioSocketProtocol.IsKnownKind(kindByte))
        {
            return new(AudioSocketErrorKind.UnknownKind,
                $"Unknown frame kind 0x{kindByte:x2}; AudioSocket has 0x00 hangup, 0x01 UUID, 0x03 DTMF, 0x10 audio (8 kHz) and 0xff error.");
        }

        var kind = (AudioSocketKind)kindByte;
        if (FramesRead == 0 && kind != AudioSocketKind.Uuid)
        {
            return new(AudioSocketErrorKind.UuidNotFirst, $"The first frame must be the call UUID (kind 0x01); got {kind} (0x{kindByte:x2}).");
        }

        if (FramesRead > 0 && kind == AudioSocketKind.Uuid)
        {
            return new(AudioSocketErrorKind.UuidNotFirst, $"A second UUID frame arrived (frame {FramesRead + 1}); the UUID comes once, first.");
        }

        if (length > MaxPayloadBytes)
        {
            return new(AudioSocketErrorKind.FrameTooLarge, $"A {kind} frame of {length} bytes exceeds the limit of {MaxPayloadBytes}.");
        }

        return kind switch
        {
            AudioSocketKind.Uuid when length != AudioSocketProtocol.UuidBytes =>
                new(AudioSocketErrorKind.BadUuid, $"The UUID frame carries {length} bytes; a UUID is {AudioSocketProtocol.UuidBytes}."),
            AudioSocketKind.Dtmf when length != 1 =>
                new(AudioSocketErrorKind.BadDtmf, $"A DTMF frame carries one ASCII key; this one has {length} bytes."),
            AudioSocketKind.Audio when length % AudioSocketProtocol.BytesPerSample != 0 =>
                new(AudioSocketErrorKind.OddAudioLength, $"An audio frame of {length} bytes cannot be 16-bit PCM (odd byte count)."),
            _ => null,
        };
    }

    private enum Step { NeedMore, Frame, Error }
}
