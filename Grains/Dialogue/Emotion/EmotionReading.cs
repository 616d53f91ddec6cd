namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// What one caller turn says about the caller's mood.
/// </summary>
/// <param name="Score">In [-1, 1]: negative = upset or angry, positive = pleased, 0 = nothing emotional was said.</param>
/// <param name="Urgent">The turn threatens legal action, fraud claims, the police or a bank dispute; the call needs a person now, whatever the score.</param>
/// <param name="UrgentTerms">The urgent terms found, in canonical form ("lawyer", "scam", "投诉"), each once, in order of appearance.</param>
/// <param name="IsComplaint">The turn expresses dissatisfaction: clearly negative, or a complaint cue such as "never arrived" or "投诉".</param>
public sealed record EmotionReading(double Score, bool Urgent, string[] UrgentTerms, bool IsComplaint)
{
    /// <summary>A turn with nothing emotional in it.</summary>
    public static readonly EmotionReading Calm = new(0, false, [], false);
}
