using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallCenter.Gateway.Chat;

namespace CallCenter.Gateway.Media.Pcm;

/// <summary>
/// Writes server messages as UTF-8 JSON text frames, <c>{"type":…, fields}</c>, with camelCase fields and the chat
/// API's snake_case enum values. Chinese text goes out as UTF-8, not \u escapes.
/// </summary>
public static class PcmMessageWriter
{
    // The socket carries JSON, never HTML: no need to escape non-ASCII or HTML-sensitive characters.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IBufferWriter<byte> destination, PcmServerMessage message)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        using var json = new Utf8JsonWriter(destination, Options);
        json.WriteStartObject();
        switch (message)
        {
            case PcmStarted started:
                json.WriteString("type", "started");
                json.WriteString("callId", started.CallId);
                break;
            case PcmTranscript transcript:
                json.WriteString("type", "transcript");
                json.WriteString("text", transcript.Text);
                json.WriteBoolean("final", transcript.Final);
                break;
            case PcmReply reply:
                json.WriteString("type", "reply");
                json.WriteString("text", reply.Text);
                break;
            case PcmEmotion emotion:
                json.WriteString("type", "emotion");
                json.WriteNumber("score", emotion.Score);
                json.WriteNumber("trend", emotion.Trend);
                break;
            case PcmClear:
                json.WriteString("type", "clear");
                break;
            case PcmStatus status:
                json.WriteString("type", "status");
                json.WriteString("status", ApiJson.EnumName(status.Status));
                break;
            case PcmError error:
                json.WriteString("type", "error");
                json.WriteString("error", error.Error);
                if (error.Status is { } code) json.WriteNumber("status", code);
                if (error.RetryAfterSeconds is { } retryAfter) json.WriteNumber("retryAfter", retryAfter);
                break;
            default:
                throw new ArgumentException($"No wire form for {message.GetType().Name}.", nameof(message));
        }

        json.WriteEndObject();
    }

    public static byte[] ToUtf8(PcmServerMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }
}
