using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CallCenter.Gateway.Media.Twilio;

/// <summary>
/// Parses the JSON text frames Twilio sends on a Media Stream. One parser per stream (it is not thread-safe): it keeps
/// the decoded audio of the last media message in a reusable buffer and remembers the stream's SID, so that a media
/// message, 50 a second per call, is read in one forward pass with <see cref="Utf8JsonReader"/> and allocates nothing
/// once the buffer has grown to the usual chunk size.
/// <para>
/// <see cref="Parse"/> never throws for any input: every problem comes back as a <see cref="TwilioParseError"/>. The
/// parser checks one message on its own (JSON, event, required fields, types, base64, size, media format); rules about
/// the order of messages ("media before start") belong to <see cref="TwilioStreamSession"/>.
/// </para>
/// <para>
/// Leniency, decided on purpose: Twilio sends <c>sequenceNumber</c>, <c>chunk</c> and <c>timestamp</c> as strings and
/// <c>sampleRate</c>, <c>channels</c> as numbers; each of them is accepted either way (string of digits or JSON
/// integer), because sibling providers (Plivo, Telnyx) and hand-written test clients mix them up and the meaning is
/// unambiguous. A DTMF digit may likewise be a number 0-9. Fractions, negatives and non-digit strings are refused.
/// Unknown fields are ignored (Twilio adds fields over time); unknown events are refused. <c>streamSid</c> is required on
/// <c>start</c> and <c>media</c> and optional on <c>mark</c>, <c>dtmf</c> and <c>stop</c>, as is their sequence number.
/// </para>
/// </summary>
public sealed class TwilioMessageParser
{
    /// <summary>16 KiB of μ-law is 2 seconds of audio; Twilio sends 20 ms (160 bytes) per message.</summary>
    public const int DefaultMaxPayloadBytes = 16 * 1024;

    // Twilio's messages are three levels deep; anything much deeper is not Twilio and is refused early.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private byte[] _payload = [];
    // The SID seen last, as a string and as UTF-8: every media message repeats it, and comparing bytes is cheaper than
    // allocating the same 34-character string 50 times a second.
    private string? _streamSid;
    private byte[] _streamSidUtf8 = [];

    public TwilioMessageParser(int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, 1);
        MaxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The largest decoded media payload accepted; a larger one is a <see cref="TwilioParseErrorKind.PayloadTooLarge"/> error.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>Parses one text frame. A media result's payload is valid until the next call.</summary>
    public TwilioParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        // Checked up front (vectorized, cheap next to the JSON pass) because the reader itself does not validate UTF-8
        // inside strings and would fail later, in GetString, with an exception that is not a JsonException.
        if (!Utf8.IsValid(utf8Json))
        {
            return TwilioParseResult.FromError(TwilioParseErrorKind.MalformedJson, "The message is not valid UTF-8.");
        }

        var fields = new Fields { PayloadLength = -1 };
        TwilioParseError? error;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            error = ReadMessage(ref reader, ref fields);
        }
        catch (JsonException ex)
        {
            return TwilioParseResult.FromError(TwilioParseErrorKind.MalformedJson, JsonErrors.Describe(ex));
        }
        catch (InvalidOperationException)
        {
            return TwilioParseResult.FromError(TwilioParseErrorKind.MalformedJson, JsonErrors.LoneSurrogate);
        }

        return error is null ? Build(in fields) : TwilioParseResult.FromError(error);
    }

    private TwilioParseError? ReadMessage(ref Utf8JsonReader reader, ref Fields f)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return new(TwilioParseErrorKind.WrongType, $"A Twilio message is a JSON object, not {Describe(reader.TokenType)}.");
        }

        if (ReadObject(ref reader, Scope.Message, ref f) is { } error)
        {
            return error;
        }

        // Reading past the closing brace makes the reader throw on trailing content ("{...} x"): one message per frame.
        reader.Read();
        return null;
    }

    /// <summary>Reads the properties of the object the reader is on, in whatever order they come; unknown ones are skipped.</summary>
    private TwilioParseError? ReadObject(ref Utf8JsonReader reader, Scope scope, ref Fields f)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Identify(ref reader, scope);
            reader.Read();
            if (ReadValue(ref reader, property, ref f) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static Property Identify(ref Utf8JsonReader reader, Scope scope) => scope switch
    {
        Scope.Message =>
            reader.ValueTextEquals("event"u8) ? Property.Event
            : reader.ValueTextEquals("sequenceNumber"u8) ? Property.SequenceNumber
            : reader.ValueTextEquals("streamSid"u8) ? Property.StreamSid
            : reader.ValueTextEquals("media"u8) ? Property.Media
            : reader.ValueTextEquals("start"u8) ? Property.Start
            : reader.ValueTextEquals("mark"u8) ? Property.Mark
            : reader.ValueTextEquals("dtmf"u8) ? Property.Dtmf
            : reader.ValueTextEquals("stop"u8) ? Property.Stop
            : reader.ValueTextEquals("protocol"u8) ? Property.Protocol
            : reader.ValueTextEquals("version"u8) ? Property.Version
            : Property.Unknown,
        Scope.Media =>
            reader.ValueTextEquals("payload"u8) ? Property.Payload
            : reader.ValueTextEquals("track"u8) ? Property.Track
            : reader.ValueTextEquals("chunk"u8) ? Property.Chunk
            : reader.ValueTextEquals("timestamp"u8) ? Property.Timestamp
            : Property.Unknown,
        Scope.Start =>
            reader.ValueTextEquals("accountSid"u8) ? Property.AccountSid
            : reader.ValueTextEquals("streamSid"u8) ? Property.StartStreamSid
            : reader.ValueTextEquals("callSid"u8) ? Property.CallSid
            : reader.ValueTextEquals("tracks"u8) ? Property.Tracks
            : reader.ValueTextEquals("customParameters"u8) ? Property.CustomParameters
            : reader.ValueTextEquals("mediaFormat"u8) ? Property.MediaFormat
            : Property.Unknown,
        Scope.MediaFormat =>
            reader.ValueTextEquals("encoding"u8) ? Property.Encoding
            : reader.ValueTextEquals("sampleRate"u8) ? Property.SampleRate
            : reader.ValueTextEquals("channels"u8) ? Property.Channels
            : Property.Unknown,
        Scope.Mark => reader.ValueTextEquals("name"u8) ? Property.MarkName : Property.Unknown,
        Scope.Dtmf =>
            reader.ValueTextEquals("track"u8) ? Property.DtmfTrack
            : reader.ValueTextEquals("digit"u8) ? Property.Digit
            : Property.Unknown,
        Scope.Stop =>
            reader.ValueTextEquals("accountSid"u8) ? Property.StopAccountSid
            : reader.ValueTextEquals("callSid"u8) ? Property.StopCallSid
            : Property.Unknown,
        _ => Property.Unknown,
    };

    private TwilioParseError? ReadValue(ref Utf8JsonReader reader, Property property, ref Fields f) => property switch
    {
        Property.Event => ReadEvent(ref reader, ref f),
        Property.SequenceNumber => ReadInteger(ref reader, property, out f.SequenceNumber),
        Property.StreamSid => ReadStreamSid(ref reader, property, out f.StreamSid),
        Property.Protocol => ReadString(ref reader, property, out f.Protocol),
        Property.Version => ReadString(ref reader, property, out f.Version),
        Property.Media => ReadNested(ref reader, property, Scope.Media, ref f),
        Property.Start => ReadNested(ref reader, property, Scope.Start, ref f),
        Property.Mark => ReadNested(ref reader, property, Scope.Mark, ref f),
        Property.Dtmf => ReadNested(ref reader, property, Scope.Dtmf, ref f),
        Property.Stop => ReadNested(ref reader, property, Scope.Stop, ref f),
        Property.Track => ReadTrack(ref reader, property, out f.Track),
        Property.Chunk => ReadInteger(ref reader, property, out f.Chunk),
        Property.Timestamp => ReadInteger(ref reader, property, out f.Timestamp),
        Property.Payload => ReadPayload(ref reader, ref f),
        Property.AccountSid => ReadString(ref reader, property, out f.AccountSid),
        Property.StartStreamSid => ReadStreamSid(ref reader, property, out f.StartStreamSid),
        Property.CallSid => ReadString(ref reader, property, out f.CallSid),
        Property.Tracks => ReadTracks(ref reader, ref f),
        Property.CustomParameters => ReadCustomParameters(ref reader, ref f),
        Property.MediaFormat => ReadNested(ref reader, property, Scope.MediaFormat, ref f),
        Property.Encoding => ReadString(ref reader, property, out f.Encoding),
        Property.SampleRate => ReadInteger(ref reader, property, out f.SampleRate),
        Property.Channels => ReadInteger(ref reader, property, out f.Channels),
        Property.MarkName => ReadString(ref reader, property, out f.MarkName),
        Property.DtmfTrack => ReadTrack(ref reader, property, out f.DtmfTrack),
        Property.Digit => ReadDigit(ref reader, ref f),
        Property.StopAccountSid => ReadString(ref reader, property, out f.StopAccountSid),
        Property.StopCallSid => ReadString(ref reader, property, out f.StopCallSid),
        _ => Skip(ref reader),
    };

    private TwilioParseError? ReadNested(ref Utf8JsonReader reader, Property property, Scope scope, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return WrongType(property, "an object", reader.TokenType);
        }

        f.Objects |= scope;
        return ReadObject(ref reader, scope, ref f);
    }

    private static TwilioParseError? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static TwilioParseError? ReadEvent(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(Property.Event, "a string", reader.TokenType);
        }

        f.Event = reader.ValueTextEquals("media"u8) ? TwilioEvent.Media
            : reader.ValueTextEquals("start"u8) ? TwilioEvent.Start
            : reader.ValueTextEquals("connected"u8) ? TwilioEvent.Connected
            : reader.ValueTextEquals("mark"u8) ? TwilioEvent.Mark
            : reader.ValueTextEquals("dtmf"u8) ? TwilioEvent.Dtmf
            : reader.ValueTextEquals("stop"u8) ? TwilioEvent.Stop
            : null;
        f.UnknownEvent = f.Event is null ? reader.GetString() : null;
        return null;
    }

    private TwilioParseError? ReadPayload(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(Property.Payload, "a base64 string", reader.TokenType);
        }

        // Twilio never escapes base64, but JSON allows "\/" for '/': unescape into a pooled buffer only in that case.
        byte[]? unescaped = null;
        try
        {
            var encoded = reader.ValueSpan;
            if (reader.ValueIsEscaped)
            {
                unescaped = ArrayPool<byte>.Shared.Rent(encoded.Length);
                encoded = unescaped.AsSpan(0, reader.CopyString(unescaped));
            }

            // Decoded size is at most 3/4 of the text; checking before decoding keeps a huge payload from growing the buffer.
            var maxDecoded = Base64.GetMaxDecodedFromUtf8Length(encoded.Length);
            if (maxDecoded > MaxPayloadBytes + 2)
            {
                return new(TwilioParseErrorKind.PayloadTooLarge, $"media.payload decodes to about {maxDecoded} bytes; at most {MaxPayloadBytes} are accepted.");
            }

            if (_payload.Length < maxDecoded)
            {
                // Grow geometrically, never beyond the limit: the usual 160-byte chunk settles the size after one message.
                _payload = new byte[Math.Max(maxDecoded, Math.Min(Math.Max(_payload.Length * 2, 256), MaxPayloadBytes + 2))];
            }

            var status = Base64.DecodeFromUtf8(encoded, _payload, out var consumed, out var written);
            if (status != OperationStatus.Done)
            {
                return new(TwilioParseErrorKind.BadBase64, $"media.payload is not valid base64 (stopped at character {consumed} of {encoded.Length}).");
            }

            if (written > MaxPayloadBytes)
            {
                return new(TwilioParseErrorKind.PayloadTooLarge, $"media.payload decodes to {written} bytes; at most {MaxPayloadBytes} are accepted.");
            }

            f.PayloadLength = written;
            return null;
        }
        finally
        {
            if (unescaped is not null)
            {
                ArrayPool<byte>.Shared.Return(unescaped);
            }
        }
    }

    private static TwilioParseError? ReadTracks(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return WrongType(Property.Tracks, "an array of strings", reader.TokenType);
        }

        f.Tracks = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return new(TwilioParseErrorKind.WrongType, $"start.tracks[] must be strings, not {Describe(reader.TokenType)}.");
            }

            f.Tracks.Add(InternTrack(ref reader));
        }

        return null;
    }

    private static TwilioParseError? ReadCustomParameters(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return WrongType(Property.CustomParameters, "an object", reader.TokenType);
        }

        f.CustomParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            // TwiML <Parameter> values are always strings; anything else is not from Twilio.
            if (reader.TokenType != JsonTokenType.String)
            {
                return new(TwilioParseErrorKind.WrongType, $"start.customParameters.{JsonErrors.Quote(name)} must be a string, not {Describe(reader.TokenType)}.");
            }

            f.CustomParameters[name] = reader.GetString()!;
        }

        return null;
    }

    private static TwilioParseError? ReadDigit(ref Utf8JsonReader reader, ref Fields f)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number is >= 0 and <= 9)
        {
            f.Digit = (char)('0' + number);
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(Property.Digit, "a one-character string", reader.TokenType);
        }

        var text = reader.GetString()!;
        if (text.Length != 1 || !DtmfDigits.IsValid(text[0]))
        {
            return new(TwilioParseErrorKind.InvalidValue, $"dtmf.digit \"{JsonErrors.Quote(text)}\" is not a DTMF key (one of {DtmfDigits.All}).");
        }

        f.Digit = text[0];
        return null;
    }

    private static TwilioParseError? ReadString(ref Utf8JsonReader reader, Property property, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(property, "a string", reader.TokenType);
        }

        value = reader.GetString();
        return null;
    }

    private TwilioParseError? ReadStreamSid(ref Utf8JsonReader reader, Property property, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(property, "a string", reader.TokenType);
        }

        if (_streamSid is not null && reader.ValueTextEquals(_streamSidUtf8))
        {
            value = _streamSid;
            return null;
        }

        value = _streamSid = reader.GetString()!;
        _streamSidUtf8 = Encoding.UTF8.GetBytes(value);
        return null;
    }

    private static TwilioParseError? ReadTrack(ref Utf8JsonReader reader, Property property, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(property, "a string", reader.TokenType);
        }

        value = InternTrack(ref reader);
        return null;
    }

    /// <summary>Track names are a handful of constants: hand out the same string instances instead of allocating.</summary>
    private static string InternTrack(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("inbound"u8) ? "inbound"
        : reader.ValueTextEquals("outbound"u8) ? "outbound"
        : reader.ValueTextEquals("inbound_track"u8) ? "inbound_track"
        : reader.ValueTextEquals("outbound_track"u8) ? "outbound_track"
        : reader.GetString()!;

    /// <summary>A non-negative integer given as a string of digits (Twilio) or as a JSON number (lenient).</summary>
    private static TwilioParseError? ReadInteger(ref Utf8JsonReader reader, Property property, out long? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var number) && number >= 0)
            {
                value = number;
                return null;
            }

            return new(TwilioParseErrorKind.WrongType, $"{PathOf(property)} must be a non-negative integer; got {JsonErrors.Quote(Encoding.UTF8.GetString(reader.ValueSpan))}.");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(property, "a string of digits", reader.TokenType);
        }

        // Longer than any escaped 19-digit number: not a number, and keeps the stack copy below small.
        if (reader.ValueSpan.Length <= 128)
        {
            Span<byte> copy = stackalloc byte[128];
            var digits = reader.ValueIsEscaped ? copy[..reader.CopyString(copy)] : reader.ValueSpan;
            if (digits.Length > 0 && digits[0] is >= (byte)'0' and <= (byte)'9'
                && Utf8Parser.TryParse(digits, out long parsed, out var consumed) && consumed == digits.Length)
            {
                value = parsed;
                return null;
            }
        }

        return new(TwilioParseErrorKind.WrongType, $"{PathOf(property)} must be a non-negative integer; got \"{JsonErrors.Quote(reader.GetString()!)}\".");
    }

    private TwilioParseResult Build(in Fields f)
    {
        switch (f.Event)
        {
            case null when f.UnknownEvent is not null:
                return Fail(TwilioParseErrorKind.UnknownEvent,
                    $"Unknown event \"{JsonErrors.Quote(f.UnknownEvent)}\"; Twilio Media Streams send connected, start, media, mark, dtmf and stop.");
            case null:
                return Fail(TwilioParseErrorKind.MissingEvent, "The message has no \"event\" field.");
            case TwilioEvent.Media:
                return Missing("media", f.Has(Scope.Media) ? null : "media")
                    ?? Missing("media", f.SequenceNumber is null ? "sequenceNumber" : f.StreamSid is null ? "streamSid"
                        : f.Track is null ? "media.track" : f.Chunk is null ? "media.chunk" : f.Timestamp is null ? "media.timestamp"
                        : f.PayloadLength < 0 ? "media.payload" : null)
                    ?? TwilioParseResult.FromMedia(new TwilioMedia(
                        f.SequenceNumber!.Value, f.StreamSid!, f.Track!, f.Chunk!.Value, f.Timestamp!.Value, _payload.AsMemory(0, f.PayloadLength)));
            case TwilioEvent.Connected:
                return Missing("connected", f.Protocol is null ? "protocol" : f.Version is null ? "version" : null)
                    ?? TwilioParseResult.FromMessage(new TwilioConnected(f.Protocol!, f.Version!));
            case TwilioEvent.Start:
                return BuildStart(in f);
            case TwilioEvent.Mark:
                return Missing("mark", !f.Has(Scope.Mark) ? "mark" : f.MarkName is null ? "mark.name" : null)
                    ?? TwilioParseResult.FromMessage(new TwilioMark(f.SequenceNumber, f.StreamSid, f.MarkName!));
            case TwilioEvent.Dtmf:
                return Missing("dtmf", !f.Has(Scope.Dtmf) ? "dtmf" : f.DtmfTrack is null ? "dtmf.track" : f.Digit is null ? "dtmf.digit" : null)
                    ?? TwilioParseResult.FromMessage(new TwilioDtmf(f.SequenceNumber, f.StreamSid, f.DtmfTrack!, f.Digit!.Value));
            case TwilioEvent.Stop:
                return Missing("stop", !f.Has(Scope.Stop) ? "stop" : f.StopAccountSid is null ? "stop.accountSid" : f.StopCallSid is null ? "stop.callSid" : null)
                    ?? TwilioParseResult.FromMessage(new TwilioStop(f.SequenceNumber, f.StreamSid, f.StopAccountSid!, f.StopCallSid!));
            default:
                return Fail(TwilioParseErrorKind.UnknownEvent, $"Unknown event {f.Event}.");
        }
    }

    private static TwilioParseResult BuildStart(in Fields f)
    {
        var missing = !f.Has(Scope.Start) ? "start"
            : f.SequenceNumber is null ? "sequenceNumber"
            : f.StreamSid is null && f.StartStreamSid is null ? "streamSid"
            : f.AccountSid is null ? "start.accountSid"
            : f.CallSid is null ? "start.callSid"
            : f.Tracks is null ? "start.tracks"
            : !f.Has(Scope.MediaFormat) ? "start.mediaFormat"
            : f.Encoding is null ? "start.mediaFormat.encoding"
            : f.SampleRate is null ? "start.mediaFormat.sampleRate"
            : f.Channels is null ? "start.mediaFormat.channels"
            : null;
        if (Missing("start", missing) is { } failure)
        {
            return failure;
        }

        if (f.StreamSid is not null && f.StartStreamSid is not null && f.StreamSid != f.StartStreamSid)
        {
            return Fail(TwilioParseErrorKind.InvalidValue,
                $"streamSid \"{JsonErrors.Quote(f.StreamSid)}\" and start.streamSid \"{JsonErrors.Quote(f.StartStreamSid)}\" differ.");
        }

        var expected = TwilioMediaFormat.MuLaw8kMono;
        if (!string.Equals(f.Encoding, expected.Encoding, StringComparison.OrdinalIgnoreCase)
            || f.SampleRate != expected.SampleRate || f.Channels != expected.Channels)
        {
            return Fail(TwilioParseErrorKind.UnsupportedMediaFormat,
                $"Only {expected} is supported; the stream offers {JsonErrors.Quote(f.Encoding!)} at {f.SampleRate} Hz with {f.Channels} channel(s).");
        }

        return TwilioParseResult.FromMessage(new TwilioStart(
            f.SequenceNumber!.Value,
            f.StreamSid ?? f.StartStreamSid!,
            f.AccountSid!,
            f.CallSid!,
            f.Tracks!,
            f.CustomParameters ?? new Dictionary<string, string>(),
            expected));
    }

    private static TwilioParseResult? Missing(string eventName, string? path) =>
        path is null ? null : Fail(TwilioParseErrorKind.MissingField, $"The {eventName} message has no {path}.");

    private static TwilioParseResult Fail(TwilioParseErrorKind kind, string reason) => TwilioParseResult.FromError(kind, reason);

    private static TwilioParseError WrongType(Property property, string expected, JsonTokenType actual) =>
        new(TwilioParseErrorKind.WrongType, $"{PathOf(property)} must be {expected}, not {Describe(actual)}.");

    /// <summary>Where a property sits in the message, for errors.</summary>
    private static string PathOf(Property property) => property switch
    {
        Property.Event => "event",
        Property.SequenceNumber => "sequenceNumber",
        Property.StreamSid => "streamSid",
        Property.Protocol => "protocol",
        Property.Version => "version",
        Property.Media => "media",
        Property.Start => "start",
        Property.Mark => "mark",
        Property.Dtmf => "dtmf",
        Property.Stop => "stop",
        Property.Track => "media.track",
        Property.Chunk => "media.chunk",
        Property.Timestamp => "media.timestamp",
        Property.Payload => "media.payload",
        Property.AccountSid => "start.accountSid",
        Property.StartStreamSid => "start.streamSid",
        Property.CallSid => "start.callSid",
        Property.Tracks => "start.tracks",
        Property.CustomParameters => "start.customParameters",
        Property.MediaFormat => "start.mediaFormat",
        Property.Encoding => "start.mediaFormat.encoding",
        Property.SampleRate => "start.mediaFormat.sampleRate",
        Property.Channels => "start.mediaFormat.channels",
        Property.MarkName => "mark.name",
        Property.DtmfTrack => "dtmf.track",
        Property.Digit => "dtmf.digit",
        Property.StopAccountSid => "stop.accountSid",
        Property.StopCallSid => "stop.callSid",
        _ => property.ToString(),
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Error messages quote what was received, but never more than a short prefix of it.</summary>

    /// <summary>The objects of a message; a flag set so that <see cref="Fields.Objects"/> records which ones were present.</summary>
    [Flags]
    private enum Scope { Message = 1, Media = 2, Start = 4, MediaFormat = 8, Mark = 16, Dtmf = 32, Stop = 64 }

    /// <summary>The fields the parser knows, each named by the object it belongs to.</summary>
    private enum Property
    {
        Unknown,
        Event, SequenceNumber, StreamSid, Protocol, Version, Media, Start, Mark, Dtmf, Stop,
        Track, Chunk, Timestamp, Payload,
        AccountSid, StartStreamSid, CallSid, Tracks, CustomParameters, MediaFormat,
        Encoding, SampleRate, Channels,
        MarkName,
        DtmfTrack, Digit,
        StopAccountSid, StopCallSid,
    }

    /// <summary>Everything any message may carry, gathered in one pass because "event" may come after the fields.</summary>
    private struct Fields
    {
        public Scope Objects;
        public TwilioEvent? Event;
        public string? UnknownEvent;
        public long? SequenceNumber;
        public string? StreamSid;
        public string? Protocol;
        public string? Version;

        public string? Track;
        public long? Chunk;
        public long? Timestamp;
        public int PayloadLength;

        public string? AccountSid;
        public string? StartStreamSid;
        public string? CallSid;
        public List<string>? Tracks;
        public Dictionary<string, string>? CustomParameters;
        public string? Encoding;
        public long? SampleRate;
        public long? Channels;

        public string? MarkName;

        public string? DtmfTrack;
        public char? Digit;

        public string? StopAccountSid;
        public string? StopCallSid;

        public readonly bool Has(Scope scope) => (Objects & scope) != 0;
    }
}
