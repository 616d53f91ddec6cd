using System.Text;

namespace CallCenter.Dialogue.Understanding;

/// <summary>An utterance after normalization: its tokens for the extractors and its canonical text for the answer cache.</summary>
internal sealed record NormalizedUtterance(List<Token> Tokens, string Text);

/// <summary>
/// Brings an utterance into one canonical form: full-width and other compatibility characters folded (NFKC), lower case,
/// contractions expanded, filler removed, number words turned into digits and digit groups joined. Everything after
/// this step can assume "A 1 0 0 1", "a1001" and "A一零零一" look alike.
/// </summary>
internal sealed class TextNormalizer
{
    private readonly Tokenizer _tokenizer = new();
    private readonly ContractionExpander _contractions = new();
    private readonly FillerRemover _fillers = new();
    private readonly SpokenNumberReader _spokenNumbers = new();
    private readonly ChineseNumeralReader _chineseNumerals = new();
    private readonly DigitGrouper _digitGroups = new();

    public NormalizedUtterance Normalize(string text)
    {
        var folded = Fold(text);
        var tokens = _tokenizer.Tokenize(folded);
        tokens = _contractions.Expand(tokens);
        // Fillers go before numbers are read so "five, uh, five five" stays one run.
        tokens = _fillers.Remove(tokens);
        tokens = _spokenNumbers.Read(tokens);
        tokens = _chineseNumerals.Read(tokens);
        tokens = _digitGroups.Group(tokens);
        return new NormalizedUtterance(tokens, Render(tokens));
    }

    private static string Fold(string text)
    {
        // Most utterances are already normalized ASCII or CJK; IsNormalized is a cheap scan that avoids the copy.
        if (!text.IsNormalized(NormalizationForm.FormKC)) text = text.Normalize(NormalizationForm.FormKC);
        return text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'');
    }

    /// <summary>
    /// Tokens joined by single spaces; a lone letter directly before a four-digit group is fused with it ("a 1001" → "a1001")
    /// so every spelling of an order number gives the same key.
    /// </summary>
    private static string Render(List<Token> tokens)
    {
        var sb = new StringBuilder(64);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Symbol) continue;
            if (sb.Length > 0)
            {
                var fuse = t.Kind == TokenKind.Number && t.Text.Length == 4 && i > 0
                    && tokens[i - 1] is { Kind: TokenKind.Word, Text.Length: 1 } letter && CharClass.IsAsciiLetter(letter.Text[0]);
                if (!fuse) sb.Append(' ');
            }
            sb.Append(t.Text);
        }
        return sb.ToString();
    }
}
