using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>What the embedded understanding made of one caller utterance.</summary>
/// <param name="Intent">The best intent; <see cref="Intent.NotUnderstood"/> when nothing scored high enough.</param>
/// <param name="Confidence">Confidence in <paramref name="Intent"/>, 0..1. For NotUnderstood it is how sure we are that nothing matched (1 for gibberish).</param>
/// <param name="Language">Language of this utterance (call language when the text carries no language signal, e.g. "A1001").</param>
/// <param name="Entities">Normalized entities: order numbers upper-case ("A1001"), products as SKU, phones as digits with optional "+", e-mails lower-case, policy topics.</param>
/// <param name="RefersToPrevious">The utterance points back at something said earlier ("cancel it", "that one", "那个订单") and names no order or product itself.</param>
/// <param name="NormalizedText">Canonical text for answer caching: lower-case, no punctuation or filler words, contractions expanded, digits normalized, single spaces.</param>
public sealed record NluResult(
    Intent Intent,
    double Confidence,
    Language Language,
    Entity[] Entities,
    bool RefersToPrevious,
    string NormalizedText);
