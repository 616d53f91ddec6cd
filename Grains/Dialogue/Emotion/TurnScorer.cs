namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Adds up the sentiment of a segmented turn, applying each negator and modifier to the sentiment term it governs.
/// Language-neutral: the segmenters decide what a word is, this decides what the words do to each other.
/// </summary>
internal ref struct TurnScorer
{
    /// <summary>
    /// A negated positive is clearly negative ("not happy"), but a negated negative is only mildly positive
    /// ("not bad" is faint praise, "不差" is "passable"), so the two directions flip by different amounts.
    /// </summary>
    private const double NegatedPositiveFactor = -0.8;
    private const double NegatedNegativeFactor = -0.4;

    /// <summary>Capitals are shouting: "RIDICULOUS" weighs more than "ridiculous".</summary>
    private const double ShoutedFactor = 1.4;

    /// <summary>After "but" the second clause carries the caller's point: earlier terms count half, later ones half again as much.</summary>
    private const double BeforeContrastFactor = 0.5;
    private const double AfterContrastFactor = 1.5;

    /// <summary>Urgent terms are negated only by a negator at most this many words before them.</summary>
    private const int MaxWordsBetweenNegatorAndUrgentTerm = 1;

    /// <summary>How many unknown words may stand between a negator and its term: English "not feeling very happy" needs some, Chinese none.</summary>
    private readonly int _negationReach;

    private double _sum;
    private double _clauseWeight;
    private bool _complaintCue;
    private List<string>? _urgentTerms;

    // Pending state, waiting for the next sentiment term.
    private bool _negated;
    private double _negationStrength;
    private int _wordsSinceNegator;
    /// <summary>Modifiers before the negator strengthen the negated result ("really not happy").</summary>
    private double _outerModifier;
    /// <summary>Modifiers after the negator (or with no negator) act on the term itself; under negation they soften it ("not very happy").</summary>
    private double _innerModifier;
    private bool _hasModifier;

    public TurnScorer(int negationReach)
    {
        _negationReach = negationReach;
        _clauseWeight = 1;
        ClearPending();
    }

    /// <summary>The summed, unbounded sentiment of the turn.</summary>
    public readonly double Sum => _sum;

    /// <summary>A complaint cue was found and not negated.</summary>
    public readonly bool HasComplaintCue => _complaintCue;

    /// <summary>Canonical urgent terms found and not negated, each once, in order; empty when none.</summary>
    public readonly string[] UrgentTerms => _urgentTerms?.ToArray() ?? [];

    public void Add(ReadOnlySpan<LexiconHit> hits)
    {
        for (var i = 0; i < hits.Length; i++)
        {
            var hit = hits[i];
            switch (hit.Kind)
            {
                case HitKind.ClauseBreak:
                    ClearPending();
                    break;
                case HitKind.Unknown:
                    SkipUnknownWord();
                    break;
                default:
                    AddTerm(hit, NextTermIsSentiment(hits, i));
                    break;
            }
        }
    }

    private void AddTerm(LexiconHit hit, bool sentimentFollows)
    {
        var entry = hit.Entry!;
        switch (entry.Role)
        {
            case TermRole.Filler:
                break;
            case TermRole.Neutral:
                SkipUnknownWord();
                break;
            case TermRole.Contrast:
                _sum *= BeforeContrastFactor;
                _clauseWeight = AfterContrastFactor;
                ClearPending();
                break;
            case TermRole.Negator:
                // A second negator restarts the negation rather than cancelling it: colloquial double negatives
                // ("I don't want no excuses") still mean no, and "no ... not happy" must stay unhappy.
                if (!_negated)
                {
                    _outerModifier = _innerModifier;
                    _innerModifier = 1;
                }
                _negated = true;
                _negationStrength = entry.Multiplier;
                _wordsSinceNegator = 0;
                break;
            case TermRole.Modifier:
                ApplyModifier(entry.Multiplier);
                break;
            case TermRole.Sentiment when entry.ModifiesFollowingSentiment && sentimentFollows:
                ApplyModifier(entry.Multiplier);
                break;
            case TermRole.Sentiment when entry.CountsOnlyWhenModified && !_hasModifier && !_negated:
                SkipUnknownWord();
                break;
            case TermRole.Sentiment:
                AddSentiment(entry, hit.Shouted);
                break;
        }
    }

    private void AddSentiment(LexiconEntry entry, bool shouted)
    {
        var value = entry.Valence * (shouted ? ShoutedFactor : 1);
        if (_negated && entry.UrgentTerm is not null && _wordsSinceNegator > MaxWordsBetweenNegatorAndUrgentTerm)
        {
            // "Don't make me sue you" is still a threat. Only a negator right before the term ("not a scam",
            // "won't sue", "不投诉") takes the urgency away; a missed threat costs more than a needless escalation.
            ClearPending();
        }

        if (_negated)
        {
            value /= _innerModifier;
            value *= value > 0 ? NegatedPositiveFactor : NegatedNegativeFactor;
            value *= _outerModifier * _negationStrength;
        }
        else
        {
            value *= _innerModifier;
            // A negated complaint or threat is not one: "no complaints", "this is not a scam", "不投诉".
            _complaintCue |= entry.IsComplaintCue;
            if (entry.UrgentTerm is { } urgent)
            {
                _urgentTerms ??= new List<string>(2);
                if (!_urgentTerms.Contains(urgent))
                {
                    _urgentTerms.Add(urgent);
                }
            }
        }
        _sum += value * _clauseWeight;
        ClearPending();
    }

    private void ApplyModifier(double multiplier)
    {
        _innerModifier *= multiplier;
        _hasModifier = true;
    }

    /// <summary>
    /// An unknown word separates a modifier from what follows ("so I called" is not "so"-intensified), and after
    /// a few of them a negator no longer reaches: "I didn't get the email and the service was great".
    /// </summary>
    private void SkipUnknownWord()
    {
        _innerModifier = 1;
        _hasModifier = false;
        if (_negated && ++_wordsSinceNegator > _negationReach)
        {
            ClearPending();
        }
    }

    private void ClearPending()
    {
        _negated = false;
        _negationStrength = 1;
        _wordsSinceNegator = 0;
        _outerModifier = 1;
        _innerModifier = 1;
        _hasModifier = false;
    }

    private static bool NextTermIsSentiment(ReadOnlySpan<LexiconHit> hits, int index)
    {
        for (var i = index + 1; i < hits.Length; i++)
        {
            if (hits[i].Kind == HitKind.Term && hits[i].Entry!.Role == TermRole.Filler)
            {
                continue;
            }
            return hits[i].IsSentiment;
        }
        return false;
    }
}
