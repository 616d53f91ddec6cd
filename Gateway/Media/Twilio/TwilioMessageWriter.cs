using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallCenter.Gateway.Media.Twilio;

/// <summary>
/// Writes the three messages a bidirectional Media Stream accepts from us, as UTF-8 JSON text frames, in the field order
/// Twilio documents:
/// <c>{"event":"media","streamSid":…,"media":{"payload":"&lt;base64 raw μ-law 8 kHz&gt;"}}</c>,
/// <c>{"event":"mark","streamSid":…,"mark":{"name":…}}</c> and <c>{"event":"clear","streamSid":…}</c>.
/// Anything else makes Twilio close the stream (error 31924), so there is nothing else to write.
/// <para>
/// The <c>Write*</c> methods append to a caller's <see cref="IBufferWriter{T}"/> (reuse one per connection and nothing
/// is allocated per message); the byte[] methods are for rare messages and tests.
/// </para>
/// </summary>
public static class TwilioMessageWriter
{
    // Twilio reads JSON, never HTML: no need to escape '+', '<' or non-ASCII characters in mark names.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText StreamSidName = JsonEncodedText.Encode("streamSid");
    private static readonly JsonEncodedText MediaName = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText PayloadName = JsonEncodedText.Encode("payload");
    private static readonly JsonEncodedText MarkName = JsonEncodedText.Encode("mark");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText ClearValue = JsonEncodedText.Encode("clear");

    // One Utf8JsonWriter per thread, re-pointed at each destination: outbound audio is 50 messages a second per call.
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Appends a media message carrying <paramref name="mulaw"/> (raw μ-law bytes at 8 kHz, no WAV header).</summary>
    public static void WriteMedia(IBufferWriter<byte> destination, string streamSid, ReadOnlySpan<byte> mulaw)
    {
        var json = Begin(destination, streamSid, MediaName);
        json.WriteStartObject(MediaName);
        json.WriteBase64String(PayloadName, mulaw);
        json.WriteEndObject();
        End(json);
    }

    /// <summary>Appends a mark: Twilio echoes it once the audio sent before it has played (or was cleared).</summary>
    public static void WriteMark(IBufferWriter<byte> destination, string streamSid, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var json = Begin(destination, streamSid, MarkName);
        json.WriteStartObject(MarkName);
        json.WriteString(NameName, name);
        json.WriteEndObject();
        End(json);
    }

    /// <summary>Appends a clear: Twilio drops the audio it has queued (barge-in) and echoes the pending marks.</summary>
    public static void WriteClear(IBufferWriter<byte> destination, string streamSid) => End(Begin(destination, streamSid, ClearValue));

    public static byte[] Media(string streamSid, ReadOnlySpan<byte> mulaw)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + mulaw.Length * 4 / 3);
        WriteMedia(buffer, streamSid, mulaw);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Mark(string streamSid, string name)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteMark(buffer, streamSid, name);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Clear(string streamSid)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        WriteClear(buffer, streamSid);
        return buffer.WrittenSpan.ToArray();
    }

    private static Utf8JsonWriter Begin(IBufferWriter<byte> destination, string streamSid, JsonEncodedText eventName)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(streamSid);
        var json = t_writer ??= new Utf8JsonWriter(Detached, Options);
        json.Reset(destination);
        json.WriteStartObject();
        // "media" and "mark" are both the event value and the name of the object that follows.
        json.WriteString(EventName, eventName);
        json.WriteString(StreamSidName, streamSid);
        return json;
    }

    private static void End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Flush();
        // Do not keep the caller's buffer reachable from a thread-static until the next message.
        json.Reset(Detached);
    }
}
