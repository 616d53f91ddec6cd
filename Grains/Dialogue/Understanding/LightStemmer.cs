namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// A deliberately small suffix stripper ("shipped", "shipping", "ships" → "ship"; "arrives", "arrived" → "arriv").
/// It only has to be consistent between the training phrases and the caller's words, not linguistically right,
/// so it stays a few rules that are easy to predict.
/// </summary>
internal static class LightStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 3 || word[0] == '#') return word;
        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5) w = Undouble(w[..^3]);
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4) w = Undouble(w[..^2]);
        else if (w.Length > 4 && (w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal) || w.EndsWith("sses", StringComparison.Ordinal))) w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)) w = w[..^1];
        if (w.Length > 4 && w.EndsWith('e')) w = w[..^1];
        return w;
    }

    /// <summary>Singular form used to match product names ("earbuds" → "earbud", "watches" → "watch").</summary>
    public static string Singular(string word)
    {
        if (word.Length > 4 && (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal)))
            return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    // "shipp" → "ship", "cancell" → "cancel", but "call" stays: an undoubled stem must stay long enough to be a word.
    private static string Undouble(string w)
    {
        if (w.Length < 3) return w;
        var last = w[^1];
        if (last != w[^2] || last is 'a' or 'e' or 'i' or 'o' or 'u' or 's' or 'f') return w;
        if (last == 'l' && w.Length - 1 < 5) return w;
        return w.Length - 1 >= 3 ? w[..^1] : w;
    }
}
