namespace CallCenter.Gateway.Media.Twilio;

/// <summary>What kind of protocol error a message had; bounded, so it can label a metric.</summary>
public enum TwilioParseErrorKind
{
    /// <summary>Not UTF-8, not JSON, truncated, or trailing content after the message.</summary>
    MalformedJson,
    MissingEvent,
    UnknownEvent,
    MissingField,
    /// <summary>A field of the wrong JSON type (an object where a string belongs, a fraction for a sequence number).</summary>
    WrongType,
    /// <summary>A field of the right type with an impossible value (a DTMF "digit" of "x").</summary>
    InvalidValue,
    BadBase64,
    PayloadTooLarge,
    UnsupportedMediaFormat,
}

/// <summary>A message Twilio should never send; <see cref="Reason"/> is a plain sentence for logs.</summary>
public sealed record TwilioParseError(TwilioParseErrorKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Reason}";
}

/// <summary>
/// The outcome of <see cref="TwilioMessageParser.Parse"/>: exactly one of a media message (<see cref="IsMedia"/>,
/// <see cref="Media"/>), another message (<see cref="Message"/>), or an <see cref="Error"/>. A struct so that parsing a
/// media message allocates nothing.
/// </summary>
public readonly struct TwilioParseResult
{
    private readonly TwilioMedia _media;

    private TwilioParseResult(TwilioMessage? message, TwilioMedia media, bool isMedia, TwilioParseError? error)
    {
        Message = message;
        _media = media;
        IsMedia = isMedia;
        Error = error;
    }

    /// <summary>The parsed message unless it was a media message or an error.</summary>
    public TwilioMessage? Message { get; }

    public TwilioParseError? Error { get; }

    public bool IsMedia { get; }

    public bool IsError => Error is not null;

    /// <summary>The event of the parsed message; null for an error.</summary>
    public TwilioEvent? Event => IsMedia ? TwilioEvent.Media : Message?.Event;

    /// <summary>The media message; only when <see cref="IsMedia"/> (its payload lives in the parser's buffer).</summary>
    public TwilioMedia Media => IsMedia ? _media : throw new InvalidOperationException($"The result is not a media message ({Describe()}).");

    public bool TryGetMedia(out TwilioMedia media)
    {
        media = _media;
        return IsMedia;
    }

    public static TwilioParseResult FromMedia(TwilioMedia media) => new(null, media, isMedia: true, null);

    public static TwilioParseResult FromMessage(TwilioMessage message) => new(message, default, isMedia: false, null);

    public static TwilioParseResult FromError(TwilioParseError error) => new(null, default, isMedia: false, error);

    public static TwilioParseResult FromError(TwilioParseErrorKind kind, string reason) => FromError(new TwilioParseError(kind, reason));

    public override string ToString() => Describe();

    private string Describe() => Error is not null ? $"error {Error}" : IsMedia ? $"media {_media}" : Message?.ToString() ?? "empty";
}
