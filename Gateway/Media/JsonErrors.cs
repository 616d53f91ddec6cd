using System.Text.Json;

namespace CallCenter.Gateway.Media;

/// <summary>
/// Plain, bounded descriptions of malformed JSON for the media codecs' errors. System.Text.Json quotes the offending
/// text in its messages, and that text is whatever the peer sent (possibly kilobytes): keep the sentence, cap the quote.
/// </summary>
internal static class JsonErrors
{
    private const int MaxDetail = 120;

    /// <summary>
    /// Why a well-formed message still cannot be read: a string escapes half of a surrogate pair ("\ud800"), which
    /// System.Text.Json reports with an InvalidOperationException when the string is read, not a JsonException.
    /// </summary>
    public const string LoneSurrogate = "The message is not valid JSON text: a string in it escapes half of a surrogate pair (such as \\ud800).";

    /// <summary>Errors quote what was received, but only its first 40 characters (never half of a surrogate pair).</summary>
    public static string Quote(string text) =>
        text.Length <= 40 ? text : string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[39]) ? 39 : 40), "…");

    public static string Describe(JsonException exception)
    {
        var detail = exception.Message;
        var position = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position >= 0)
        {
            detail = detail[..position];
        }

        detail = detail.Length <= MaxDetail ? detail : string.Concat(detail.AsSpan(0, MaxDetail), "…");
        return exception.LineNumber is { } line && exception.BytePositionInLine is { } column
            ? $"The message is not valid JSON (line {line + 1}, byte {column + 1}): {detail}"
            : $"The message is not valid JSON: {detail}";
    }
}
