using System.Text.RegularExpressions;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// "the second one", "the last one", "2nd one", "第二个", "最后一个": a pick from a list the bot just offered. The value
/// is the 1-based position, or -1 for the last; the dialogue maps it onto the choices it offered. Ordinal words that
/// pick nothing ("wait a second", "the last time", "第一次") are not ordinals.
/// </summary>
internal static partial class OrdinalExtractor
{
    private static readonly Dictionary<string, int> EnglishOrdinals = new(StringComparer.Ordinal)
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3,
        ["fourth"] = 4, ["4th"] = 4, ["fifth"] = 5, ["5th"] = 5, ["last"] = -1,
    };

    private static readonly Dictionary<char, int> ChineseDigits = new() { ['一'] = 1, ['二'] = 2, ['两'] = 2, ['三'] = 3, ['四'] = 4, ['五'] = 5 };

    public static int? Find(UtteranceFeatures utterance, string normalizedText)
    {
        var words = utterance.Words;
        for (var i = 0; i < words.Count; i++)
        {
            if (!EnglishOrdinals.TryGetValue(words[i], out var position))
            {
                continue;
            }

            var next = i + 1 < words.Count ? words[i + 1] : null;
            var pointed = i > 0 && words[i - 1] is "the" or "that";
            if (next is "one" or "ones" or "option" or "order" or "product" || (pointed && next is null))
            {
                return position;
            }
        }

        if (ChineseLast().IsMatch(normalizedText))
        {
            return -1;
        }

        if (ChineseOrdinal().Match(normalizedText) is { Success: true } match)
        {
            var digit = match.Groups[1].Value[0];
            return ChineseDigits.TryGetValue(digit, out var value) ? value : digit - '0';
        }

        return null;
    }

    [GeneratedRegex(@"第\s*([一二两三四五1-5])\s*(个|款|单|件|种|项|$)")]
    private static partial Regex ChineseOrdinal();

    [GeneratedRegex(@"最后\s*一?\s*(个|款|单|件|种|项)")]
    private static partial Regex ChineseLast();
}
