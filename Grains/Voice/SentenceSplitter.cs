using System.Text;

namespace CallCenter.Voice;

/// <summary>
/// Splits a reply into sentences for synthesis, so the first sentence can be spoken while the rest is synthesized.
/// Splits after . ! ? and their full-width forms (。！？；), but not inside numbers ("$129.00") or common abbreviations.
/// </summary>
public static class SentenceSplitter
{
    private static readonly string[] Abbreviations = ["Mr.", "Mrs.", "Ms.", "Dr.", "e.g.", "i.e.", "etc.", "No.", "St."];

    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            current.Append(c);
            if (!IsBoundary(text, i))
            {
                continue;
            }

            // Keep closing quotes and brackets with their sentence.
            while (i + 1 < text.Length && text[i + 1] is '"' or '\'' or ')' or '）' or '”' or '」')
            {
                current.Append(text[++i]);
            }

            Flush(current, sentences);
        }

        Flush(current, sentences);
        return sentences;
    }

    private static bool IsBoundary(string text, int i)
    {
        var c = text[i];
        if (c is '。' or '！' or '？' or '；')
        {
            return true;
        }

        if (c is not ('.' or '!' or '?'))
        {
            return false;
        }

        var next = i + 1 < text.Length ? text[i + 1] : ' ';
        if (c == '.' && char.IsDigit(next))
        {
            return false; // a decimal point
        }

        if (!char.IsWhiteSpace(next) && next is not ('"' or '\'' or ')'))
        {
            return false;
        }

        return c != '.' || !Abbreviations.Any(a => EndsWithAt(text, i, a));
    }

    private static bool EndsWithAt(string text, int end, string word) =>
        end + 1 >= word.Length
        && string.CompareOrdinal(text, end + 1 - word.Length, word, 0, word.Length) == 0
        && (end + 1 == word.Length || !char.IsLetter(text[end - word.Length]));

    private static void Flush(StringBuilder current, List<string> sentences)
    {
        var sentence = current.ToString().Trim();
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
        }

        current.Clear();
    }
}
