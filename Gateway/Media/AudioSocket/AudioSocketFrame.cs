namespace CallCenter.Gateway.Media.AudioSocket;

/// <summary>
/// One AudioSocket frame. <see cref="Payload"/> points into the reader's reusable buffer and is valid only until the
/// reader's next <see cref="AudioSocketFrameReader.ReadFrameAsync"/>; copy it to keep it.
/// </summary>
public readonly record struct AudioSocketFrame(AudioSocketKind Kind, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The call's UUID from a <see cref="AudioSocketKind.Uuid"/> frame (big-endian bytes, as Asterisk sends them).</summary>
    public Guid CallId => Kind == AudioSocketKind.Uuid && Payload.Length == AudioSocketProtocol.UuidBytes
        ? new Guid(Payload.Span, bigEndian: true)
        : throw new InvalidOperationException($"A {Kind} frame carries no call UUID.");

    /// <summary>The key of a <see cref="AudioSocketKind.Dtmf"/> frame.</summary>
    public char Digit => Kind == AudioSocketKind.Dtmf && Payload.Length == 1
        ? (char)Payload.Span[0]
        : throw new InvalidOperationException($"A {Kind} frame carries no DTMF digit.");

    /// <summary>The first byte of an <see cref="AudioSocketKind.Error"/> frame's code, or null when it has none.</summary>
    public byte? ErrorCode => Kind == AudioSocketKind.Error
        ? Payload.IsEmpty ? null : Payload.Span[0]
        : throw new InvalidOperationException($"A {Kind} frame carries no error code.");

    /// <summary>How much audio an <see cref="AudioSocketKind.Audio"/> frame holds (zero for other kinds).</summary>
    public TimeSpan AudioDuration => Kind == AudioSocketKind.Audio ? AudioSocketProtocol.DurationOf(Payload.Length) : TimeSpan.Zero;
}

/// <summary>What was wrong with the byte stream; bounded, so it can label a metric.</summary>
public enum AudioSocketErrorKind
{
    UnknownKind,
    /// <summary>The first frame was not the UUID, or a second UUID came later.</summary>
    UuidNotFirst,
    /// <summary>A UUID frame whose payload is not 16 bytes.</summary>
    BadUuid,
    FrameTooLarge,
    /// <summary>The connection ended in the middle of a frame.</summary>
    Truncated,
    OddAudioLength,
    /// <summary>A DTMF frame that is not exactly one valid key.</summary>
    BadDtmf,
}

/// <summary>A protocol error; <see cref="Reason"/> is a plain sentence for logs.</summary>
public sealed record AudioSocketError(AudioSocketErrorKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Reason}";
}

public enum AudioSocketReadStatus { Frame, EndOfStream, Error }

/// <summary>A frame, the clean end of the stream (the connection closed between frames), or a protocol error.</summary>
public readonly struct AudioSocketReadResult
{
    private readonly AudioSocketFrame _frame;

    private AudioSocketReadResult(AudioSocketReadStatus status, AudioSocketFrame frame, AudioSocketError? error)
    {
        Status = status;
        _frame = frame;
        Error = error;
    }

    public static AudioSocketReadResult EndOfStream { get; } = new(AudioSocketReadStatus.EndOfStream, default, null);

    public AudioSocketReadStatus Status { get; }

    public AudioSocketError? Error { get; }

    public bool IsFrame => Status == AudioSocketReadStatus.Frame;

    public AudioSocketFrame Frame => IsFrame ? _frame : throw new InvalidOperationException($"The result is {Status}, not a frame.");

    public static AudioSocketReadResult FromFrame(AudioSocketFrame frame) => new(AudioSocketReadStatus.Frame, frame, null);

    public static AudioSocketReadResult FromError(AudioSocketError error) => new(AudioSocketReadStatus.Error, default, error);

    public override string ToString() => Status switch
    {
        AudioSocketReadStatus.Frame => $"{_frame.Kind} frame, {_frame.Payload.Length} bytes",
        AudioSocketReadStatus.Error => $"error {Error}",
        _ => "end of stream",
    };
}
