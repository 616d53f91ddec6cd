using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Decides the utterance language: any Chinese character makes it Chinese; otherwise an English word makes it English;
/// otherwise (only an order number, a phone number, a brand name) the call's language stands.
/// </summary>
internal sealed class LanguageDetector(IReadOnlySet<string> neutralWords)
{
    public Language Detect(List<Token> tokens, Language? callLanguage)
    {
        var english = false;
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Cjk || t.SpokenIn == Language.Zh) return Language.Zh;
            if (t.SpokenIn == Language.En) english = true;
            if (t.Kind == TokenKind.Word && t.Role is TokenRole.None or TokenRole.Product && !neutralWords.Contains(t.Text) && HasLatinLetter(t.Text))
                english = true;
        }
        return english ? Language.En : callLanguage ?? Language.En;
    }

    private static bool HasLatinLetter(string text)
    {
        foreach (var c in text) if (CharClass.IsAsciiLetter(c)) return true;
        return false;
    }
}
