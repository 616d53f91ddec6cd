namespace CallCenter.Gateway.Media.Twilio;

/// <summary>The events Twilio sends on a bidirectional Media Stream (the value of the "event" field).</summary>
public enum TwilioEvent { Connected, Start, Media, Mark, Dtmf, Stop }

/// <summary>
/// An inbound Twilio Media Streams message other than <c>media</c>. Media messages arrive 50 times a second per call
/// and are parsed into the <see cref="TwilioMedia"/> struct instead, so the hot path allocates nothing.
/// </summary>
public abstract record TwilioMessage
{
    public abstract TwilioEvent Event { get; }
}

/// <summary><c>{"event":"connected","protocol":"Call","version":"1.0.0"}</c>: the first message, before <c>start</c>.</summary>
public sealed record TwilioConnected(string Protocol, string Version) : TwilioMessage
{
    public override TwilioEvent Event => TwilioEvent.Connected;
}

/// <summary>The audio format Twilio announces in <c>start.mediaFormat</c>.</summary>
public sealed record TwilioMediaFormat(string Encoding, int SampleRate, int Channels)
{
    /// <summary>The only format Twilio Media Streams use today, and the only one this codec accepts.</summary>
    public static TwilioMediaFormat MuLaw8kMono { get; } = new("audio/x-mulaw", 8000, 1);

    public override string ToString() => $"{Encoding} at {SampleRate} Hz with {Channels} channel(s)";
}

/// <summary>
/// <c>start</c>: the stream's identity and format. <see cref="StreamSid"/> is the top-level <c>streamSid</c> (Twilio
/// repeats it inside <c>start</c>; the parser refuses a message where the two differ). <see cref="CustomParameters"/> are
/// the <c>&lt;Parameter&gt;</c> values of the TwiML (the stream URL takes no query string), empty when none were given.
/// </summary>
public sealed record TwilioStart(
    long SequenceNumber,
    string StreamSid,
    string AccountSid,
    string CallSid,
    IReadOnlyList<string> Tracks,
    IReadOnlyDictionary<string, string> CustomParameters,
    TwilioMediaFormat MediaFormat) : TwilioMessage
{
    public override TwilioEvent Event => TwilioEvent.Start;
}

/// <summary>
/// <c>mark</c>: Twilio echoes a mark we sent once the audio queued before it has played, or when a <c>clear</c> dropped
/// that audio (see <see cref="TwilioStreamSession"/> for telling the two apart).
/// </summary>
public sealed record TwilioMark(long? SequenceNumber, string? StreamSid, string Name) : TwilioMessage
{
    public override TwilioEvent Event => TwilioEvent.Mark;
}

/// <summary><c>dtmf</c>: a key the caller pressed (track is "inbound_track").</summary>
public sealed record TwilioDtmf(long? SequenceNumber, string? StreamSid, string Track, char Digit) : TwilioMessage
{
    public override TwilioEvent Event => TwilioEvent.Dtmf;
}

/// <summary><c>stop</c>: the stream ended (the call hung up or the TwiML moved on). Nothing follows it.</summary>
public sealed record TwilioStop(long? SequenceNumber, string? StreamSid, string AccountSid, string CallSid) : TwilioMessage
{
    public override TwilioEvent Event => TwilioEvent.Stop;
}

/// <summary>
/// <c>media</c>: one chunk of caller audio, raw μ-law at 8 kHz (usually 160 bytes = 20 ms). A struct, and
/// <see cref="Payload"/> points into the parser's reusable buffer: it is valid only until the parser's next
/// <see cref="TwilioMessageParser.Parse"/> call, so copy or consume it before parsing the next message.
/// <see cref="Chunk"/> and <see cref="Timestamp"/> (milliseconds since the stream started) arrive as JSON strings.
/// </summary>
public readonly record struct TwilioMedia(
    long SequenceNumber,
    string StreamSid,
    string Track,
    long Chunk,
    long Timestamp,
    ReadOnlyMemory<byte> Payload);
