using System.Text.Json;

namespace CallCenter.Gateway.Media;

/// <summary>
/// Plain, bounded descriptions of malformed JSON for the media codecs' errors. System.Text.Json quotes the offending
/// text in its messages, and that text is whatever the peer sent (possibly kilobytes): keep the sentence, cap the quote.
/// </summary>
internal static class JsonErrors
{
    private const int MaxDetail = 120;

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
