using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>What a token carries; decides which extractor looks at it.</summary>
internal enum TokenKind { Word, Cjk, Number, Email, Symbol }

/// <summary>
/// How a token is separated from the previous one. Digit groups join across spaces ("555 0101" is one phone number)
/// but not across commas or sentence ends ("A1001, 1002" stays two orders).
/// </summary>
internal enum TokenGap { None, Space, Comma, Sentence }

/// <summary>Which entity has claimed a token, so the intent classifier sees "#order" rather than "A1001".</summary>
internal enum TokenRole { None, OrderNumber, Phone, Email, Product }

/// <summary>
/// One unit of an utterance: a latin word, a run of Chinese characters, a digit group, an e-mail address or a currency/percent sign.
/// <paramref name="SpokenIn"/> is set on numbers that were written out as words ("one zero zero one", "一零零一"),
/// because those words are still evidence of the caller's language after they became digits.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, TokenGap Gap, TokenRole Role = TokenRole.None, Language? SpokenIn = null)
{
    public bool IsFreeCjk => Kind == TokenKind.Cjk && Role == TokenRole.None;
}
