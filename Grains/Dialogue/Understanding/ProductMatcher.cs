using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Finds catalog products in an utterance by their English or Chinese names, including partial names ("the TV",
/// "耳机"), common synonyms ("headphones", "coffee machine", "鞋子") and typos ("areobuds", "expresso").
/// Each name word is weighted by how few products share it, so "aerobuds pro" picks P100 while "earbuds" names both
/// earbuds. Generic words ("smart", "wireless", "machine", "智能") only count next to a distinctive one, which keeps
/// everyday speech from producing products.
/// </summary>
internal sealed class ProductMatcher
{
    private readonly record struct Hit(int Product, double Weight, bool Strong);

    // Words that appear in product names but also in ordinary speech; they refine a match but never make one alone.
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "wireless", "smart", "x", "running", "runner", "trail", "inch", "machine", "mini", "max", "plus", "series", "edition", "new",
        "black", "white", "the", "and", "with",
    };

    private static readonly HashSet<string> GenericBigrams = new(StringComparer.Ordinal) { "智能", "无线", "意式" };

    // Caller words for things the catalog names differently; only those whose target is in the catalog are used.
    private static readonly (string Word, string NameWord)[] Synonyms =
    [
        ("bud", "earbud"), ("headphone", "earbud"), ("earphone", "earbud"), ("earpod", "earbud"), ("airpod", "earbud"), ("headset", "earbud"),
        ("earpiece", "earbud"), ("airbud", "aerobud"), ("television", "tv"), ("telly", "tv"), ("tvs", "tv"), ("watch", "smartwatch"),
        ("sneaker", "shoe"), ("trainer", "shoe"), ("coffee", "espresso"), ("expresso", "espresso"),
    ];

    // Plurals that are not the product word they singularize to ("pros and cons" is not the AeroBuds Pro).
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal) { "pros", "xs" };

    // "watch" is also a verb; after these words it is the verb ("I want to watch", "we watch").
    private static readonly HashSet<string> VerbCues = new(StringComparer.Ordinal) { "to", "i", "you", "we", "they", "will", "can", "could", "would", "not", "do", "did", "let", "us" };

    private readonly string[] _skus;
    private readonly Dictionary<string, int> _skuIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hit[]> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _namePairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hit[]> _bigrams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _synonyms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brandWords = new(StringComparer.Ordinal);
    private readonly SpellingCorrector _speller;
    private readonly Func<string, bool> _isOrdinaryWord;

    /// <param name="catalog">The products to recognize.</param>
    /// <param name="isOrdinaryWord">Words of ordinary speech that must not be "corrected" into a product name.</param>
    public ProductMatcher(IReadOnlyList<Product> catalog, Func<string, bool> isOrdinaryWord)
    {
        _isOrdinaryWord = isOrdinaryWord;
        _skus = catalog.Select(p => p.Sku).ToArray();
        var tokenizer = new Tokenizer();
        var wordProducts = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var bigramProducts = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var headBigrams = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < catalog.Count; k++)
        {
            var product = catalog[k];
            _skuIndex[product.Sku.ToLowerInvariant()] = k;
            var english = NameWords(tokenizer, product.Name);
            for (var j = 0; j + 1 < english.Count; j++) AddTo(_namePairs, english[j] + " " + english[j + 1], k);
            foreach (var token in tokenizer.Tokenize(product.NameZh.ToLowerInvariant()))
            {
                if (token.Kind == TokenKind.Cjk)
                {
                    for (var j = 0; j + 1 < token.Text.Length; j++)
                    {
                        var bigram = token.Text.Substring(j, 2);
                        Add(bigramProducts, bigram, k);
                        // Chinese puts the head noun last: 无线耳机 is a kind of 耳机, so the last bigram names the thing.
                        if (j + 2 == token.Text.Length) headBigrams.Add(bigram);
                    }
                }
                else if (token.Kind is TokenKind.Word or TokenKind.Number)
                {
                    var w = LightStemmer.Singular(token.Text);
                    english.Add(w);
                    _brandWords.Add(token.Text);
                }
            }
            foreach (var w in english) Add(wordProducts, w, k);
        }
        foreach (var (word, products) in wordProducts)
        {
            var strong = !GenericWords.Contains(word) && !CharClass.AllAsciiDigits(word) && !(word.Length <= 3 && word.EndsWith('k') && char.IsAsciiDigit(word[0]));
            _words[word] = products.Select(p => new Hit(p, 1.0 / products.Count, strong)).ToArray();
        }
        foreach (var (bigram, products) in bigramProducts)
        {
            var strong = headBigrams.Contains(bigram) && !GenericBigrams.Contains(bigram);
            _bigrams[bigram] = products.Select(p => new Hit(p, 1.0 / products.Count, strong)).ToArray();
        }
        foreach (var (word, nameWord) in Synonyms)
            if (_words.ContainsKey(nameWord)) _synonyms[word] = nameWord;
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in _words.Keys) vocabulary[w] = 1;
        foreach (var w in _synonyms.Keys) vocabulary[w] = 1;
        _speller = new SpellingCorrector(vocabulary, minTargetLength: 6);
    }

    /// <summary>Latin words that appear in the Chinese product names ("AeroBuds", "Nimbus"): brand names, not evidence of English.</summary>
    public IReadOnlySet<string> BrandWords => _brandWords;

    /// <summary>Marks product mentions in <paramref name="tokens"/> and adds one product entity per candidate SKU.</summary>
    /// <returns>The tokens, with runs of Chinese split so that a product name is a token of its own.</returns>
    public List<Token> Extract(List<Token> tokens, List<Entity> entities)
    {
        var mentions = new List<List<int>>(2);
        MatchLatin(tokens, mentions);
        var output = MatchChinese(tokens, mentions);
        foreach (var sku in Resolve(mentions)) entities.Add(new Entity(EntityTypes.Product, _skus[sku]));
        return output;
    }

    private void MatchLatin(List<Token> tokens, List<List<int>> mentions)
    {
        var mentionWords = new List<string>(4);
        var mentionTokens = new List<int>(4);
        for (var i = 0; i <= tokens.Count; i++)
        {
            string? nameWord = null;
            var consumed = 1;
            if (i < tokens.Count && IsCandidate(tokens[i]))
            {
                var t = tokens[i];
                if (_skuIndex.TryGetValue(t.Text, out var skuProduct))
                {
                    Close(tokens, mentionWords, mentionTokens, mentions);
                    tokens[i] = t with { Role = TokenRole.Product };
                    mentions.Add([skuProduct]);
                    continue;
                }
                // "aero buds", "smart watch", "brew master": a name split in two.
                if (i + 1 < tokens.Count && IsCandidate(tokens[i + 1]) && tokens[i + 1].Gap <= TokenGap.Space)
                {
                    nameWord = Canonical(t.Text + tokens[i + 1].Text, null, allowCorrection: false);
                    if (nameWord is not null) consumed = 2;
                }
                nameWord ??= Canonical(t.Text, i > 0 ? tokens[i - 1].Text : null, allowCorrection: true);
            }
            if (nameWord is null)
            {
                Close(tokens, mentionWords, mentionTokens, mentions);
                continue;
            }
            mentionWords.Add(nameWord);
            for (var c = 0; c < consumed; c++) mentionTokens.Add(i + c);
            i += consumed - 1;
        }
    }

    private static bool IsCandidate(Token t) => t.Role == TokenRole.None && t.Kind is TokenKind.Word or TokenKind.Number;

    /// <summary>Scores a finished run of name words; when it names something, its tokens become product tokens.</summary>
    private void Close(List<Token> tokens, List<string> words, List<int> tokenIndexes, List<List<int>> mentions)
    {
        if (words.Count == 0) return;
        var winners = Score(words.Select(w => _words[w]), PairProducts(words));
        if (winners.Count > 0)
        {
            mentions.Add(winners);
            foreach (var index in tokenIndexes) tokens[index] = tokens[index] with { Role = TokenRole.Product };
        }
        words.Clear();
        tokenIndexes.Clear();
    }

    private IEnumerable<int> PairProducts(List<string> words)
    {
        for (var j = 0; j + 1 < words.Count; j++)
            if (_namePairs.TryGetValue(words[j] + " " + words[j + 1], out var products))
                foreach (var p in products) yield return p;
    }

    /// <summary>The catalog name word a caller's word stands for, or null.</summary>
    private string? Canonical(string word, string? previous, bool allowCorrection)
    {
        if (NotNames.Contains(word)) return null;
        var singular = LightStemmer.Singular(word);
        if (_words.ContainsKey(word)) return word;
        if (_words.ContainsKey(singular)) return singular;
        var synonym = _synonyms.GetValueOrDefault(word) ?? _synonyms.GetValueOrDefault(singular);
        if (synonym is not null)
            return synonym == "smartwatch" && singular == "watch" && previous is not null && VerbCues.Contains(previous) ? null : synonym;
        if (!allowCorrection || singular.Length < 5 || _isOrdinaryWord(word) || _isOrdinaryWord(singular)) return null;
        var corrected = _speller.Correct(singular);
        if (corrected is null) return null;
        return _words.ContainsKey(corrected) ? corrected : _synonyms.GetValueOrDefault(corrected);
    }

    private List<Token> MatchChinese(List<Token> tokens, List<List<int>> mentions)
    {
        List<Token>? output = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var spans = t.IsFreeCjk ? FindChinese(t.Text, mentions) : null;
            if (spans is null)
            {
                output?.Add(t);
                continue;
            }
            output ??= tokens.GetRange(0, i);
            var position = 0;
            foreach (var (start, end) in spans)
            {
                if (start > position) output.Add(new Token(TokenKind.Cjk, t.Text[position..start], position == 0 ? t.Gap : TokenGap.None));
                output.Add(new Token(TokenKind.Cjk, t.Text[start..end], start == 0 ? t.Gap : TokenGap.None, TokenRole.Product));
                position = end;
            }
            if (position < t.Text.Length) output.Add(new Token(TokenKind.Cjk, t.Text[position..], TokenGap.None));
        }
        return output ?? tokens;
    }

    /// <summary>Character spans of product names inside one run of Chinese, or null when there are none.</summary>
    private List<(int Start, int End)>? FindChinese(string text, List<List<int>> mentions)
    {
        List<(int, int)>? spans = null;
        var j = 0;
        while (j + 1 < text.Length)
        {
            if (!_bigrams.ContainsKey(text.Substring(j, 2))) { j++; continue; }
            var start = j;
            var hits = new List<Hit[]>(3);
            while (j + 1 < text.Length && _bigrams.TryGetValue(text.Substring(j, 2), out var h)) { hits.Add(h); j++; }
            var winners = Score(hits, []);
            if (winners.Count == 0) continue;
            mentions.Add(winners);
            (spans ??= []).Add((start, j + 1));
            j++;
        }
        return spans;
    }

    /// <summary>Products named by one mention: the best-scoring products among those with a distinctive word.</summary>
    private List<int> Score(IEnumerable<Hit[]> hits, IEnumerable<int> pairProducts)
    {
        Span<double> score = stackalloc double[_skus.Length];
        Span<bool> strong = stackalloc bool[_skus.Length];
        foreach (var group in hits)
            foreach (var h in group)
            {
                score[h.Product] += h.Weight;
                strong[h.Product] |= h.Strong;
            }
        foreach (var p in pairProducts) strong[p] = true;
        var best = 0.0;
        for (var k = 0; k < score.Length; k++) if (strong[k] && score[k] > best) best = score[k];
        var winners = new List<int>(2);
        if (best <= 0) return winners;
        for (var k = 0; k < score.Length; k++) if (strong[k] && score[k] >= best - 1e-9) winners.Add(k);
        return winners;
    }

    /// <summary>
    /// Products across all mentions. A vague mention is dropped when another mention is more specific about the same
    /// thing ("the AeroBuds Pro, the earbuds I mean" is P100 only); distinct products are all kept ("the TV and the watch").
    /// </summary>
    private static List<int> Resolve(List<List<int>> mentions)
    {
        var result = new List<int>(2);
        for (var m = 0; m < mentions.Count; m++)
        {
            var set = mentions[m];
            var vague = false;
            for (var o = 0; o < mentions.Count && !vague; o++)
                vague = o != m && mentions[o].Count < set.Count && mentions[o].All(set.Contains);
            if (vague) continue;
            foreach (var p in set) if (!result.Contains(p)) result.Add(p);
        }
        return result;
    }

    private static List<string> NameWords(Tokenizer tokenizer, string name) =>
        tokenizer.Tokenize(name.ToLowerInvariant()).Where(t => t.Kind is TokenKind.Word or TokenKind.Number).Select(t => LightStemmer.Singular(t.Text)).ToList();

    private static void Add(Dictionary<string, HashSet<int>> map, string key, int product)
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = [];
        set.Add(product);
    }

    private static void AddTo(Dictionary<string, List<int>> map, string key, int product)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(product)) list.Add(product);
    }
}
