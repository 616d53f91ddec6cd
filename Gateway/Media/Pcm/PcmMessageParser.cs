using System.Text.Json;
using System.Text.Unicode;
using CallCenter.Calls;

namespace CallCenter.Gateway.Media.Pcm;

/// <summary>What was wrong with a text message or binary frame; bounded, so it can label a metric.</summary>
public enum PcmErrorKind
{
    /// <summary>Not UTF-8, not JSON, truncated, or more than one JSON value.</summary>
    MalformedJson,
    MissingType,
    UnknownType,
    MissingField,
    WrongType,
    /// <summary>A field with an impossible value: a language other than en/zh, a digit that is not a DTMF key.</summary>
    InvalidValue,
    OddAudioLength,
    FrameTooLarge,
}

/// <summary>A refused message or frame; <see cref="Reason"/> is a plain sentence, fit to send back in <see cref="PcmError"/>.</summary>
public sealed record PcmProtocolError(PcmErrorKind Kind, string Reason)
{
    public override string ToString() => $"{Kind}: {Reason}";
}

/// <summary>Either a client message or an error.</summary>
public readonly record struct PcmParseResult(PcmClientMessage? Message, PcmProtocolError? Error)
{
    public bool IsError => Error is not null;

    public static PcmParseResult Fail(PcmErrorKind kind, string reason) => new(null, new PcmProtocolError(kind, reason));
}

/// <summary>
/// Parses the control messages of the raw-PCM WebSocket. They are rare (a start, a few keys, a hang-up), so this favours
/// plain code over speed. Never throws: every problem is a <see cref="PcmProtocolError"/>. Unknown fields are ignored;
/// "type" and "language" are case-insensitive (as enum values are in the chat API); a DTMF digit may be the string
/// "1" or the number 1.
/// </summary>
public static class PcmMessageParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    public static PcmParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        // The reader does not validate UTF-8 inside strings; GetString would fail later with a non-JSON exception.
        if (!Utf8.IsValid(utf8Json))
        {
            return PcmParseResult.Fail(PcmErrorKind.MalformedJson, "The message is not valid UTF-8.");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            // One message per frame: anything after the value makes the reader throw.
            reader.Read();
            return Interpret(document.RootElement);
        }
        catch (JsonException ex)
        {
            return PcmParseResult.Fail(PcmErrorKind.MalformedJson, JsonErrors.Describe(ex));
        }
        catch (InvalidOperationException)
        {
            return PcmParseResult.Fail(PcmErrorKind.MalformedJson, JsonErrors.LoneSurrogate);
        }
    }

    private static PcmParseResult Interpret(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PcmParseResult.Fail(PcmErrorKind.WrongType, $"A control message is a JSON object, not {Describe(root.ValueKind)}.");
        }

        if (!root.TryGetProperty("type", out var typeElement))
        {
            return PcmParseResult.Fail(PcmErrorKind.MissingType, "The message has no \"type\" field (start, dtmf or hangup).");
        }

        if (typeElement.ValueKind != JsonValueKind.String)
        {
            return PcmParseResult.Fail(PcmErrorKind.WrongType, $"\"type\" must be a string, not {Describe(typeElement.ValueKind)}.");
        }

        var type = typeElement.GetString()!.Trim();
        return type.ToLowerInvariant() switch
        {
            "start" => ParseStart(root),
            "dtmf" => ParseDtmf(root),
            "hangup" => new PcmParseResult(new PcmHangup(), null),
            _ => PcmParseResult.Fail(PcmErrorKind.UnknownType, $"Unknown message type \"{JsonErrors.Quote(type)}\"; send start, dtmf or hangup."),
        };
    }

    private static PcmParseResult ParseStart(JsonElement root)
    {
        if (!root.TryGetProperty("language", out var languageElement) || languageElement.ValueKind == JsonValueKind.Null)
        {
            return PcmParseResult.Fail(PcmErrorKind.MissingField, "start needs \"language\": \"en\" or \"zh\" (speech recognition must know it).");
        }

        if (languageElement.ValueKind != JsonValueKind.String)
        {
            return PcmParseResult.Fail(PcmErrorKind.WrongType, $"\"language\" must be a string, not {Describe(languageElement.ValueKind)}.");
        }

        var languageText = languageElement.GetString()!.Trim();
        Language? language = languageText.ToLowerInvariant() switch
        {
            "en" => Language.En,
            "zh" => Language.Zh,
            _ => null,
        };
        if (language is null)
        {
            return PcmParseResult.Fail(PcmErrorKind.InvalidValue, $"Unknown language \"{JsonErrors.Quote(languageText)}\"; use \"en\" or \"zh\".");
        }

        string? phone = null;
        if (root.TryGetProperty("customerPhone", out var phoneElement) && phoneElement.ValueKind != JsonValueKind.Null)
        {
            if (phoneElement.ValueKind != JsonValueKind.String)
            {
                return PcmParseResult.Fail(PcmErrorKind.WrongType, $"\"customerPhone\" must be a string, not {Describe(phoneElement.ValueKind)}.");
            }

            phone = phoneElement.GetString()!.Trim();
            phone = phone.Length == 0 ? null : phone;
        }

        return new PcmParseResult(new PcmStart(language.Value, phone), null);
    }

    private static PcmParseResult ParseDtmf(JsonElement root)
    {
        if (!root.TryGetProperty("digit", out var digitElement))
        {
            return PcmParseResult.Fail(PcmErrorKind.MissingField, "dtmf needs \"digit\", one of " + DtmfDigits.All + ".");
        }

        if (digitElement.ValueKind == JsonValueKind.Number)
        {
            return digitElement.TryGetInt32(out var number) && number is >= 0 and <= 9
                ? new PcmParseResult(new PcmDtmf((char)('0' + number)), null)
                : PcmParseResult.Fail(PcmErrorKind.InvalidValue, $"\"digit\" {JsonErrors.Quote(digitElement.GetRawText())} is not a DTMF key (one of {DtmfDigits.All}).");
        }

        if (digitElement.ValueKind != JsonValueKind.String)
        {
            return PcmParseResult.Fail(PcmErrorKind.WrongType, $"\"digit\" must be a one-character string, not {Describe(digitElement.ValueKind)}.");
        }

        var digit = digitElement.GetString()!;
        return digit.Length == 1 && DtmfDigits.IsValid(digit[0])
            ? new PcmParseResult(new PcmDtmf(digit[0]), null)
            : PcmParseResult.Fail(PcmErrorKind.InvalidValue, $"\"digit\" \"{JsonErrors.Quote(digit)}\" is not a DTMF key (one of {DtmfDigits.All}).");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

}
