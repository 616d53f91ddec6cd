namespace CallCenter.Voice.Engines;

/// <summary>
/// How sure the recognizer is of a hypothesis, from two measurements PocketSphinx 5prealpha does not make itself
/// (its posterior is always 1 for a grammar, which never weighs the sentence against anything outside it):
/// <list type="bullet">
/// <item><b>Coverage</b>: the share of the audible frames that fall inside recognized words. Speech the grammar cannot
/// say is typically "explained" as long silences, so coverage drops (in-grammar sentences: 0.89 to 1.0; out-of-grammar
/// ones: 0 to 0.9).</item>
/// <item><b>Score advantage</b>: the path score of the hypothesis minus that of an unconstrained phone loop over the
/// same audio, for the whole utterance. The grammar pays a roughly fixed price per utterance (its silences and sentence
/// structure: short in-grammar words such as "goodbye" score up to ~1,500 below the phones), while a grammar forced
/// onto other words loses score with every frame of them (-1,500 to -5,800 for 2 to 3 s sentences). A total, not a
/// per-frame figure, keeps short utterances from looking worse than they are.</item>
/// </list>
/// The mappings were fitted on espeak-ng speech (24 in-grammar and 10 out-of-grammar sentences in three voices):
/// 0.5 accepted 46 of the 47 exactly recognized sentences and none of the 30 out-of-grammar ones. Real callers' audio
/// may call for another Voice:PocketSphinx:GrammarMinConfidence.
/// </summary>
internal static class RecognitionScoring
{
    /// <summary>PocketSphinx's frame shift at 16 kHz: 10 ms.</summary>
    public const int SamplesPerFrame = 160;

    // A frame is audible within 30 dB of the loudest frame; below 40 dB (RMS ~ 100 of 32768) nothing counts as speech.
    private const double AudibleRangeDb = 30;
    private const double SilenceFloorDb = 40;

    /// <summary>Frame energies in dB (10 log10 of the mean square sample), one per 10 ms frame.</summary>
    public static double[] FrameEnergies(ReadOnlySpan<short> pcm)
    {
        var energies = new double[pcm.Length / SamplesPerFrame];
        for (var f = 0; f < energies.Length; f++)
        {
            double sum = 0;
            foreach (var sample in pcm.Slice(f * SamplesPerFrame, SamplesPerFrame))
            {
                sum += (double)sample * sample;
            }

            energies[f] = 10 * Math.Log10(1 + sum / SamplesPerFrame);
        }

        return energies;
    }

    /// <summary>The share of audible frames inside a recognized word, 0..1 (0 when nothing is audible).</summary>
    public static double Coverage(IReadOnlyList<double> energies, IReadOnlyList<WordSpan> words)
    {
        if (energies.Count == 0) return 0;
        var threshold = Math.Max(energies.Max() - AudibleRangeDb, SilenceFloorDb);
        var inWord = new bool[energies.Count];
        foreach (var word in words)
        {
            for (var f = Math.Max(0, word.StartFrame); f <= word.EndFrame && f < inWord.Length; f++) inWord[f] = true;
        }

        int audible = 0, covered = 0;
        for (var f = 0; f < energies.Count; f++)
        {
            if (energies[f] < threshold) continue;
            audible++;
            if (inWord[f]) covered++;
        }

        return audible == 0 ? 0 : (double)covered / audible;
    }

    /// <summary>
    /// Confidence of a grammar hypothesis, 0..1, from its coverage and its total score advantage over the phone loop:
    /// coverage of 0.95 or more and an advantage above -600 give 0.9 or more; coverage below 0.75 or an advantage
    /// below -2,500 give almost 0.
    /// </summary>
    public static double GrammarConfidence(double coverage, double scoreAdvantage) =>
        Math.Round(Math.Clamp((coverage - 0.75) / 0.2, 0, 1) * Logistic((scoreAdvantage + 1600) / 400), 3);

    /// <summary>
    /// Confidence of a free language model hypothesis, at most <paramref name="ceiling"/>: on this acoustic model the
    /// free language model gets many words wrong even when it explains all the audio.
    /// </summary>
    public static double FreeSpeechConfidence(double coverage, double advantagePerFrame, double ceiling) =>
        Math.Round(ceiling * Math.Clamp(coverage, 0, 1) * Logistic((advantagePerFrame + 12) / 3), 3);

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
