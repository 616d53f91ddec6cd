namespace CallCenter.Dialogue.Emotion;

/// <summary>Character classes both segmenters agree on.</summary>
internal static class TextClassification
{
    /// <summary>
    /// Punctuation that ends a clause. Negation and intensifiers do not reach across it: in "No, I'm happy now"
    /// the "no" answers a question and does not negate "happy". Hyphens, slashes and quotes do not end a clause.
    /// </summary>
    public static bool IsClauseBreak(char c) => c switch
    {
        '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '\n' or '\r' => true,
        '…' or '—' or '–' => true,
        '，' or '。' or '！' or '？' or '；' or '：' or '、' or '（' or '）' or '【' or '】' or '～' or '~' => true,
        _ => false,
    };

    public static bool IsApostrophe(char c) => c is '\'' or '’' or '‘';

    public static bool IsExclamation(char c) => c is '!' or '！';

    public static bool IsQuestion(char c) => c is '?' or '？';
}
