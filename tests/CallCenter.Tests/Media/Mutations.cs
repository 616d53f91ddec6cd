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

    public static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }
}
