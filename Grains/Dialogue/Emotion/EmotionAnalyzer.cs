using System.Buffers;
using CallCenter.Calls;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Reads the caller's mood from the text of one turn, in English or Simplified Chinese: a hand-made lexicon with
/// negation, intensifiers, diminishers, shouting and repeated complaints. It runs on every turn, so it is a
/// single pass over the text with tables built once per process; thread-safe and stateless.
/// </summary>
public sealed class EmotionAnalyzer
{
    /// <summary>Each exclamation mark (up to four) makes whatever was said 15% stronger; "!!!" with nothing else says nothing.</summary>
    private const double ExclamationBoost = 0.15;
    private const int MaxExclamations = 4;

    /// <summary>"???" is exasperation; a single question mark is just a question.</summary>
    private const double ExtraQuestionMarkBoost = 0.08;
    private const int MaxExtraQuestionMarks = 3;

    /// <summary>A turn at or below this score is a complaint even without a complaint cue.</summary>
    private const double ComplaintThreshold = -0.25;

    /// <summary>
    /// A caller complaining again is angrier than the words alone say: each earlier complaint (up to five) pushes a
    /// complaint turn down by a fixed step plus a share of its own negativity.
    /// </summary>
    private const int MaxRepeatedComplaints = 5;
    private const double RepeatStep = 0.12;
    private const double RepeatShare = 0.2;

    /// <summary>English negators reach over a few words ("not feeling very happy"); Chinese ones only over the next term.</summary>
    private const int EnglishNegationReach = 3;
    private const int ChineseNegationReach = 0;

    public EmotionReading Analyze(string text, Language language, int previousComplaints = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return EmotionReading.Calm;
        }

        var hits = ArrayPool<LexiconHit>.Shared.Rent(2 * text.Length + 1);
        try
        {
            var chinese = language == Language.Zh;
            var count = chinese ? ChineseSegmenter.Segment(text, hits) : EnglishSegmenter.Segment(text, hits);
            var scorer = new TurnScorer(chinese ? ChineseNegationReach : EnglishNegationReach);
            scorer.Add(hits.AsSpan(0, count));

            var raw = scorer.Sum * Emphasis(text);
            var isComplaint = scorer.HasComplaintCue || Squash(raw) <= ComplaintThreshold;
            if (isComplaint && previousComplaints > 0)
            {
                var repeats = Math.Min(previousComplaints, MaxRepeatedComplaints);
                raw -= repeats * (RepeatStep + RepeatShare * Math.Max(0, -raw));
            }

            var urgentTerms = scorer.UrgentTerms;
            return new EmotionReading(Squash(raw), urgentTerms.Length > 0, urgentTerms, isComplaint);
        }
        finally
        {
            ArrayPool<LexiconHit>.Shared.Return(hits);
        }
    }

    /// <summary>How much exclamation and repeated question marks amplify the words: 1 when there are none.</summary>
    private static double Emphasis(string text)
    {
        int exclamations = 0, questions = 0;
        foreach (var c in text)
        {
            if (TextClassification.IsExclamation(c))
            {
                exclamations++;
            }
            else if (TextClassification.IsQuestion(c))
            {
                questions++;
            }
        }
        return 1
            + ExclamationBoost * Math.Min(exclamations, MaxExclamations)
            + ExtraQuestionMarkBoost * Math.Clamp(questions - 1, 0, MaxExtraQuestionMarks);
    }

    /// <summary>
    /// Maps the unbounded sum into (-1, 1). It keeps order (a stronger turn always scores further from 0), stays
    /// nearly linear for a single term and saturates smoothly when many pile up.
    /// </summary>
    private static double Squash(double raw) => raw / Math.Sqrt(raw * raw + 1);
}
