namespace CallCenter.Dialogue.Understanding;

internal enum FeatureKind { Word, WordPair, Placeholder, ChineseChar, ChinesePair }

/// <summary>One classifier feature; <paramref name="Scale"/> says how much this kind of feature counts.</summary>
internal readonly record struct Feature(string Key, float Scale, FeatureKind Kind);

/// <summary>What the classifier and the rules look at: features, the processed word sequence, and the runs of Chinese.</summary>
internal sealed record UtteranceFeatures(List<Feature> Features, List<string> Words, List<string> ChineseRuns);

/// <summary>
/// Turns tokens into classifier features. English words are spell-corrected, mapped to concepts and stemmed, and
/// contribute unigrams and adjacent pairs ("return policy", "talk human"); Chinese contributes character bigrams
/// (Chinese is not segmented into words, and bigrams are how most Chinese words are built) plus weak single characters.
/// Entities become placeholders ("#order", "#product"), so "where is A1001" and "where is A1007" are the same question.
/// </summary>
internal sealed class FeatureExtractor(SynonymLexicon lexicon, SpellingCorrector speller)
{
    private const string Break = "|";
    private const float WordScale = 1.0f, PairScale = 0.7f, PlaceholderScale = 0.7f, CharScale = 0.35f, ChinesePairScale = 1.0f;

    // Function words still count ("do you have", "is it"), but weakly: otherwise "what is the score of the game"
    // resembles "what is the price of the TV" through its grammar alone.
    private const float FunctionWordScale = 0.35f, FunctionPairScale = 0.25f;

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "what", "is", "the", "a", "an", "of", "to", "for", "on", "in", "at", "my", "your", "i", "me", "you", "it", "this", "that",
        "be", "are", "am", "was", "were", "do", "doe", "does", "did", "can", "could", "would", "will", "have", "has", "had", "and", "or", "with",
        "so", "there", "we", "they", "our", "us", "any", "some", "about", "from", "by", "if", "but", "he", "she", "them", "these", "those",
        "really", "very", "too", "extremely", "quite", "pretty",
    };

    // The Chinese counterparts: question words, pronouns and "help me", which every intent uses.
    private static readonly HashSet<string> ChineseFunctionPairs = new(StringComparer.Ordinal)
    {
        "什么", "怎么", "我的", "你的", "你们", "我们", "他们", "这个", "那个", "有什", "是不", "有没", "帮我", "一个", "我想", "我要", "能不", "可不",
    };

    public UtteranceFeatures Extract(List<Token> tokens)
    {
        var surface = new List<string>(tokens.Count);
        var chinese = new List<string>(2);
        foreach (var t in tokens)
        {
            var placeholder = Placeholder(t);
            if (placeholder is not null)
            {
                if (surface.Count == 0 || surface[^1] != placeholder) surface.Add(placeholder);
                continue;
            }
            switch (t.Kind)
            {
                case TokenKind.Word:
                    surface.Add(CommonWords.English.Contains(t.Text) ? t.Text : speller.Correct(t.Text) ?? t.Text);
                    break;
                case TokenKind.Cjk:
                    chinese.Add(t.Text);
                    if (surface.Count > 0 && surface[^1] != Break) surface.Add(Break);
                    break;
            }
        }

        lexicon.JoinSeparableVerbs(surface);
        var words = new List<string>(surface.Count);
        for (var i = 0; i < surface.Count;)
        {
            var w = surface[i];
            if (w[0] is '#' or '|') { words.Add(w); i++; continue; }
            var (concept, length) = lexicon.Match(surface, i);
            i += length;
            // "not correct", "not ok" say no; without this the "yes" concept would win.
            if (concept == "yes" && words.Count > 0 && words[^1] == "not") { words[^1] = "no"; continue; }
            words.Add(concept ?? LightStemmer.Stem(w));
        }

        var features = new List<Feature>(words.Count * 2 + 8);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w == Break) continue;
            var stop = FunctionWords.Contains(w);
            features.Add(w[0] == '#'
                ? new Feature(w, PlaceholderScale, FeatureKind.Placeholder)
                : new Feature(w, stop ? FunctionWordScale : WordScale, FeatureKind.Word));
            if (i + 1 < words.Count && words[i + 1] != Break)
            {
                var next = words[i + 1];
                var scale = stop && FunctionWords.Contains(next) ? FunctionPairScale : PairScale;
                features.Add(new Feature(w + " " + next, scale, FeatureKind.WordPair));
            }
        }
        foreach (var run in chinese)
        {
            for (var k = 0; k < run.Length; k++)
            {
                features.Add(new Feature(run.Substring(k, 1), CharScale, FeatureKind.ChineseChar));
                if (k + 1 < run.Length)
                {
                    var pair = run.Substring(k, 2);
                    features.Add(new Feature(pair, ChineseFunctionPairs.Contains(pair) ? FunctionWordScale : ChinesePairScale, FeatureKind.ChinesePair));
                }
            }
        }
        words.RemoveAll(w => w == Break);
        return new UtteranceFeatures(features, words, chinese);
    }

    private static string? Placeholder(Token t) => t.Role switch
    {
        TokenRole.OrderNumber => "#order",
        TokenRole.Phone => "#phone",
        TokenRole.Email => "#email",
        TokenRole.Product => "#product",
        _ => t.Kind == TokenKind.Number ? "#num" : null,
    };
}
