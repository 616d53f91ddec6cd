using System.Text;

namespace CallCenter.Tests.Media;

/// <summary>
/// Deterministic input mutation for the parsers' generated-input tests: valid samples damaged the ways real traffic and
/// attackers damage them (cut short, bytes flipped, pieces dropped, repeated or spliced, JSON tokens swapped).
/// </summary>
public static class Mutations
{
    private static readonly string[] JsonTokens =
    [
        "", "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "0", "-1", "1e999", "4.5", "\"\"", "\"x\"", "{}", "[]",
        "\"media\"", "\"start\"", "\"event\"", "\"payload\"", "\"sequenceNumber\"", "\"\\u0041\"", "\"\\/\"", "\u00e9", "\ud83d\ude00",
        "\"////\"", "\"AAAA\"", "\"=\"", "99999999999999999999999",
    ];

    public static byte[] Mutate(Random random, byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var bytes = new List<byte>(input);
        var rounds = random.Next(1, 5);
        for (var round = 0; round < rounds; round++)
        {
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    var start = random.Next(bytes.Count);
                    bytes.RemoveRange(start, random.Next(Math.Min(16, bytes.Count - start) + 1));
                    break;
                case 2:
                    var noise = new byte[random.Next(1, 8)];
                    random.NextBytes(noise);
                    bytes.InsertRange(random.Next(bytes.Count + 1), noise);
                    break;
                case 3:
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                case 4 when bytes.Count > 0:
                    var from = random.Next(bytes.Count);
                    var slice = bytes.Skip(from).Take(random.Next(1, 40)).ToArray();
                    bytes.InsertRange(random.Next(bytes.Count + 1), slice);
                    break;
                case 5:
                case 6:
                    ReplaceToken(random, bytes);
                    break;
                default:
                    var other = corpus[random.Next(corpus.Count)];
                    var cut = random.Next(bytes.Count + 1);
                    bytes = bytes.Take(cut).Concat(other.Skip(random.Next(other.Length + 1))).ToList();
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Swaps the text between two structural characters for another JSON-ish token.</summary>
    private static void ReplaceToken(Random random, List<byte> bytes)
    {
        var replacement = Encoding.UTF8.GetBytes(JsonTokens[random.Next(JsonTokens.Length)]);
        if (bytes.Count == 0)
        {
            bytes.AddRange(replacement);
            return;
        }

        var start = random.Next(bytes.Count);
        var end = start;
        while (end < bytes.Count && end - start < 64 && bytes[end] is not ((byte)',' or (byte)':' or (byte)'}' or (byte)']'))
        {
            end++;
        }

        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, replacement);
    }

    private static readonly byte[][] BadUtf8 =
    [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xC3],
    ];

    private static readonly string[] OddValues =
    [
        "null", "true", "[]", "{}", "[1,2,3]", "{\"a\":1}", "-0", "1e999999", "-1e-999999", "NaN", "\"\"", new string('9', 400),
        "18446744073709551616", "-9223372036854775809", "0.5", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"事件\"", "\"😀😀\"",
        "\"!!!!\"", "\"AAA\"", "\"A===\"", "\"QUJD RA==\"", "\"" + new string('A', 70_000) + "\"", "\"" + new string('好', 20_000) + "\"",
    ];

    private static readonly string[] OddNames =
        ["start", "media", "message", "hangup", "dtmf", "stop", "mark", "clear", "connected", "get", "", "START", " start ", "事件", "😀", "\\u0000", "x\\ud800"];

    /// <summary>
    /// What attackers and broken clients send, built around a valid <paramref name="sample"/>: nesting far past any
    /// limit, huge numbers, invalid UTF-8 and lone surrogates, control characters, oversize strings, values of the wrong
    /// type, unknown kinds, repeated keys, roots that are not objects, base64 that is not, and the plain mutations.
    /// </summary>
    public static byte[] Hostile(Random random, byte[] sample, IReadOnlyList<byte[]> corpus)
    {
        var text = Encoding.UTF8.GetString(sample);
        switch (random.Next(11))
        {
            case 0:
                var depth = random.Next(17, 3000);
                return Encoding.UTF8.GetBytes(random.Next(2) == 0
                    ? new string('[', depth) + new string(']', random.Next(2) * depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', random.Next(2) * depth));
            case 1:
            case 2:
                return Encoding.UTF8.GetBytes(ReplaceValue(random, text, OddValues[random.Next(OddValues.Length)]));
            case 3:
                var bytes = sample.ToList();
                bytes.InsertRange(random.Next(bytes.Count + 1), BadUtf8[random.Next(BadUtf8.Length)]);
                return [.. bytes];
            case 4:
                var control = random.Next(3) switch { 0 => "\uFEFF", 1 => "\0", _ => "\u0001\u001f" };
                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? control + text : text.Insert(random.Next(text.Length + 1), control));
            case 5:
                return Encoding.UTF8.GetBytes(ReplaceName(random, text, OddNames[random.Next(OddNames.Length)]));
            case 6:
                // Every key twice: which one wins must not matter to safety.
                var inner = text.Trim();
                return inner.StartsWith('{') && inner.EndsWith('}') && inner.Length > 2
                    ? Encoding.UTF8.GetBytes(inner[..^1] + "," + inner[1..])
                    : sample;
            case 7:
                return Encoding.UTF8.GetBytes(random.Next(6) switch { 0 => "null", 1 => "[]", 2 => "\"start\"", 3 => "42", 4 => "", _ => " " });
            case 8:
                return Encoding.UTF8.GetBytes(text + (random.Next(2) == 0 ? text : " x"));
            default:
                return Mutate(random, sample, corpus);
        }
    }

    /// <summary>The text with one JSON value (after a random "name":) replaced.</summary>
    private static string ReplaceValue(Random random, string text, string value)
    {
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':' && i > 0 && text[i - 1] == '"').ToArray();
        if (colons.Length == 0)
        {
            return value;
        }

        var start = colons[random.Next(colons.Length)] + 1;
        var end = start;
        var depth = 0;
        var inString = false;
        for (; end < text.Length; end++)
        {
            var c = text[end];
            if (inString)
            {
                if (c == '\\') end++;
                else if (c == '"') inString = false;
                continue;
            }

            if (c == '"') inString = true;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']' && depth-- == 0) break;
            else if (c == ',' && depth == 0) break;
        }

        return string.Concat(text.AsSpan(0, start), value, text.AsSpan(Math.Min(end, text.Length)));
    }

    /// <summary>The text with the value of "event" or "type" (or any string value) replaced by another name.</summary>
    private static string ReplaceName(Random random, string text, string name)
    {
        foreach (var key in new[] { "\"event\":\"", "\"type\":\"" })
        {
            var at = text.IndexOf(key, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + key.Length;
                var end = text.IndexOf('"', start);
                return end < 0 ? text : string.Concat(text.AsSpan(0, start), name, text.AsSpan(end));
            }
        }

        return ReplaceValue(random, text, "\"" + name + "\"");
    }

    public static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }
}
