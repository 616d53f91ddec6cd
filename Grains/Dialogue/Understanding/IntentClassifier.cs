using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>A labelled training phrase after feature extraction.</summary>
internal sealed record TrainingVector(UtteranceFeatures Features, Intent Intent, string? PolicyTopic);

/// <summary>How well each intent matched, plus the policy topic of the closest policy example.</summary>
internal sealed record IntentScores(double[] ByIntent, string? NearestPolicyTopic)
{
    public double this[Intent intent] => ByIntent[(int)intent];

    /// <summary>Best and runner-up intents; <paramref name="exclude"/> is left out of the ranking.</summary>
    public (Intent Best, double BestScore, double SecondScore) Top(Intent? exclude = null)
    {
        Intent best = Intent.NotUnderstood;
        double bestScore = -1, second = 0;
        for (var k = 0; k < ByIntent.Length; k++)
        {
            if (exclude is { } x && (int)x == k) continue;
            var s = ByIntent[k];
            if (s > bestScore) { second = Math.Max(second, bestScore); best = (Intent)k; bestScore = s; }
            else if (s > second) second = s;
        }
        return (best, Math.Max(bestScore, 0), second);
    }
}

/// <summary>
/// Scores intents by TF-IDF cosine similarity between the utterance and the training phrases: the closest phrase of
/// each intent (nearest neighbour, good for short distinctive phrasings) blended with the intent's centroid (good for
/// long sentences that borrow words from several phrases). Words the training data never saw still count in the
/// utterance's length, so off-topic sentences score low everywhere, which is what makes "not understood" detectable.
/// All tables are built once; a lookup walks only the postings of the utterance's own features.
/// </summary>
internal sealed class IntentClassifier
{
    private const double NeighbourShare = 0.7;

    private readonly Dictionary<string, int> _featureIds = new(StringComparer.Ordinal);
    private readonly double[] _idf;
    private readonly (int Example, float Weight)[][] _examplePostings;
    private readonly (int Intent, float Weight)[][] _centroidPostings;
    private readonly int[] _exampleIntent;
    private readonly string?[] _exampleTopic;
    private readonly int _intentCount = Enum.GetValues<Intent>().Length;
    private readonly double _unknownIdf;

    public IntentClassifier(IReadOnlyList<TrainingVector> examples)
    {
        var counted = examples.Select(e => CountAndRegister(e.Features.Features)).ToList();
        // Inverse *intent* frequency: a word is informative when few intents use it, however many phrases of that one
        // intent repeat it ("refund" in every refund phrase must not make it weaker than a word seen once).
        var intentsUsing = new HashSet<Intent>[_featureIds.Count];
        for (var e = 0; e < examples.Count; e++)
            foreach (var id in counted[e].Keys) (intentsUsing[id] ??= []).Add(examples[e].Intent);
        var intents = examples.Select(e => e.Intent).Distinct().Count();
        _idf = intentsUsing.Select(s => Math.Log((intents + 1.0) / (s.Count + 1.0)) + 1).ToArray();
        _unknownIdf = Math.Log(intents + 1.0) + 1;
        var n = examples.Count;

        var postings = new List<(int, float)>[_featureIds.Count];
        var centroids = new Dictionary<int, double>[_intentCount];
        for (var k = 0; k < _intentCount; k++) centroids[k] = [];
        _exampleIntent = new int[n];
        _exampleTopic = new string?[n];
        for (var e = 0; e < n; e++)
        {
            _exampleIntent[e] = (int)examples[e].Intent;
            _exampleTopic[e] = examples[e].PolicyTopic;
            var vector = counted[e].ToDictionary(kv => kv.Key, kv => kv.Value * _idf[kv.Key]);
            var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
            if (norm == 0) continue;
            foreach (var (id, v) in vector)
            {
                (postings[id] ??= []).Add((e, (float)(v / norm)));
                var centroid = centroids[_exampleIntent[e]];
                centroid[id] = centroid.GetValueOrDefault(id) + v / norm;
            }
        }
        _examplePostings = postings.Select(p => p?.ToArray() ?? []).ToArray();
        var centroidPostings = new List<(int, float)>[_featureIds.Count];
        for (var k = 0; k < _intentCount; k++)
        {
            var norm = Math.Sqrt(centroids[k].Values.Sum(v => v * v));
            if (norm == 0) continue;
            foreach (var (id, v) in centroids[k]) (centroidPostings[id] ??= []).Add((k, (float)(v / norm)));
        }
        _centroidPostings = centroidPostings.Select(p => p?.ToArray() ?? []).ToArray();
    }

    public IntentScores Classify(UtteranceFeatures utterance)
    {
        var byIntent = new double[_intentCount];
        if (utterance.Features.Count == 0) return new IntentScores(byIntent, null);

        // Sum the weight of each distinct feature; unknown ones only add to the length.
        var weights = new Dictionary<string, (double Scale, int Count, FeatureKind Kind)>(utterance.Features.Count, StringComparer.Ordinal);
        foreach (var f in utterance.Features)
            weights[f.Key] = weights.TryGetValue(f.Key, out var w) ? (w.Scale, w.Count + 1, w.Kind) : (f.Scale, 1, f.Kind);
        var known = new List<(int Id, double Weight)>(weights.Count);
        double normSquared = 0;
        foreach (var (key, (scale, count, kind)) in weights)
        {
            var tf = scale * (1 + Math.Log(count));
            if (_featureIds.TryGetValue(key, out var id))
            {
                var weight = tf * _idf[id];
                known.Add((id, weight));
                normSquared += weight * weight;
            }
            else
            {
                var weight = tf * _unknownIdf * UnknownFactor(kind);
                normSquared += weight * weight;
            }
        }
        if (known.Count == 0 || normSquared == 0) return new IntentScores(byIntent, null);
        var norm = Math.Sqrt(normSquared);

        Span<double> dots = _exampleIntent.Length <= 4096 ? stackalloc double[_exampleIntent.Length] : new double[_exampleIntent.Length];
        var centroid = new double[_intentCount];
        foreach (var (id, weight) in known)
        {
            var q = weight / norm;
            foreach (var (example, w) in _examplePostings[id]) dots[example] += q * w;
            foreach (var (intent, w) in _centroidPostings[id]) centroid[intent] += q * w;
        }
        var nearest = new double[_intentCount];
        string? topic = null;
        var bestPolicy = 0.0;
        for (var e = 0; e < dots.Length; e++)
        {
            var d = dots[e];
            var intent = _exampleIntent[e];
            if (d > nearest[intent]) nearest[intent] = d;
            if (intent == (int)Intent.PolicyQuestion && d > bestPolicy) { bestPolicy = d; topic = _exampleTopic[e]; }
        }
        for (var k = 0; k < _intentCount; k++) byIntent[k] = NeighbourShare * nearest[k] + (1 - NeighbourShare) * centroid[k];
        return new IntentScores(byIntent, topic);
    }

    // An unseen word is evidence the sentence is about something else; an unseen word pair mostly is not.
    private static double UnknownFactor(FeatureKind kind) => kind switch
    {
        FeatureKind.Word => 0.5,
        FeatureKind.ChinesePair => 0.35,
        FeatureKind.ChineseChar => 0.35,
        _ => 0,
    };

    /// <summary>A training phrase's feature weights (scale × sublinear count), giving new features an id.</summary>
    private Dictionary<int, double> CountAndRegister(List<Feature> features)
    {
        var counts = new Dictionary<int, (double Scale, int Count)>();
        foreach (var f in features)
        {
            if (!_featureIds.TryGetValue(f.Key, out var id)) _featureIds[f.Key] = id = _featureIds.Count;
            counts[id] = counts.TryGetValue(id, out var c) ? (c.Scale, c.Count + 1) : (f.Scale, 1);
        }
        return counts.ToDictionary(kv => kv.Key, kv => kv.Value.Scale * (1 + Math.Log(kv.Value.Count)));
    }
}
