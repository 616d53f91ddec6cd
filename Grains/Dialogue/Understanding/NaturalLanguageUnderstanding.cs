using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// The embedded understanding: intent, entities, language and a cache key for one caller utterance, in English or
/// Simplified Chinese, without a network call. All tables (classifier, spelling, product names) are built once in the
/// constructor; <see cref="Understand"/> only reads them, so one instance is safe to share between threads and grains.
/// </summary>
public sealed class NaturalLanguageUnderstanding
{
    private readonly TextNormalizer _normalizer = new();
    private readonly ContactExtractor _contacts = new();
    private readonly OrderNumberExtractor _orders;
    private readonly ProductMatcher _products;
    private readonly SynonymLexicon _lexicon = new();
    private readonly LanguageDetector _languages;
    private readonly FeatureExtractor _features;
    private readonly IntentClassifier _classifier;
    private readonly PolicyTopicExtractor _topics = new();
    private readonly IntentRules _rules;
    private readonly ReferenceDetector _references = new();

    public NaturalLanguageUnderstanding(IReadOnlyList<Product> catalog, string defaultOrderPrefix = "A")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrEmpty(defaultOrderPrefix) || defaultOrderPrefix.Length != 1 || !CharClass.IsAsciiLetter(defaultOrderPrefix[0]))
            throw new ArgumentException("The order prefix is one latin letter, as in A1001.", nameof(defaultOrderPrefix));
        _orders = new OrderNumberExtractor(defaultOrderPrefix);

        // The corpus vocabulary is what spelling may correct towards, and what product matching must leave alone.
        var phrases = TrainingCorpus.Phrases().ToList();
        var normalized = phrases.Select(p => _normalizer.Normalize(p.Text)).ToList();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var u in normalized)
            foreach (var t in u.Tokens)
                if (t.Kind == TokenKind.Word) vocabulary[t.Text] = vocabulary.GetValueOrDefault(t.Text) + 1;
        foreach (var w in _lexicon.Words) vocabulary.TryAdd(w, 1);
        var ordinary = new HashSet<string>(vocabulary.Keys, StringComparer.Ordinal);
        ordinary.UnionWith(CommonWords.English);

        _products = new ProductMatcher(catalog, ordinary.Contains);
        var neutral = new HashSet<string>(_products.BrandWords, StringComparer.Ordinal) { "ok", "okay" };
        _languages = new LanguageDetector(neutral);
        _features = new FeatureExtractor(_lexicon, new SpellingCorrector(vocabulary));
        _rules = new IntentRules(_topics);

        var training = new List<TrainingVector>(phrases.Count);
        for (var i = 0; i < phrases.Count; i++)
        {
            var tokens = Annotate(normalized[i], []);
            training.Add(new TrainingVector(_features.Extract(tokens), phrases[i].Intent, phrases[i].PolicyTopic));
        }
        _classifier = new IntentClassifier(training);
    }

    public NluResult Understand(string text, Language? callLanguage = null)
    {
        var normalized = _normalizer.Normalize(text ?? "");
        var entities = new List<Entity>(2);
        var tokens = Annotate(normalized, entities);
        var language = _languages.Detect(tokens, callLanguage);
        var utterance = _features.Extract(tokens);
        var scores = _classifier.Classify(utterance);
        var (intent, confidence) = _rules.Decide(tokens, utterance, scores);
        if (intent == Intent.PolicyQuestion && (_topics.Find(utterance) ?? scores.NearestPolicyTopic) is { } topic)
            entities.Add(new Entity(EntityTypes.PolicyTopic, topic));
        if (OrdinalExtractor.Find(utterance, normalized.Text) is { } position)
        {
            entities.Add(new Entity(EntityTypes.Ordinal, position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            // A pick from the offered list answers the question, even when phrased "no, the second one".
            if (intent is Intent.Deny or Intent.Affirm or Intent.NotUnderstood) (intent, confidence) = (Intent.ProvideInfo, 0.8);
        }
        return new NluResult(intent, confidence, language, entities.ToArray(), _references.RefersToPrevious(tokens), normalized.Text);
    }

    /// <summary>Finds entities and marks their tokens; contacts go first so a phone number's digits are never read as an order.</summary>
    private List<Token> Annotate(NormalizedUtterance normalized, List<Entity> entities)
    {
        var tokens = new List<Token>(normalized.Tokens);
        _contacts.Extract(tokens, entities);
        _orders.Extract(tokens, entities);
        tokens = _lexicon.CanonicalizeChinese(tokens);
        return _products.Extract(tokens, entities);
    }
}
