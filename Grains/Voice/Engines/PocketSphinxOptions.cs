namespace CallCenter.Voice.Engines;

/// <summary>Configuration section "Voice:PocketSphinx": the embedded English recognizer.</summary>
public sealed class PocketSphinxOptions
{
    public const string Section = "Voice:PocketSphinx";

    /// <summary>Where Debian's pocketsphinx-en-us package puts the US English model.</summary>
    public string ModelDirectory { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model directory; empty means "en-us" under <see cref="ModelDirectory"/>.</summary>
    public string AcousticModel { get; set; } = "";

    /// <summary>Pronouncing dictionary; empty means "cmudict-en-us.dict" under <see cref="ModelDirectory"/>.</summary>
    public string Dictionary { get; set; } = "";

    /// <summary>The free language model for speech outside the grammar; empty means "en-us.lm.bin" under <see cref="ModelDirectory"/>.</summary>
    public string LanguageModel { get; set; } = "";

    /// <summary>
    /// Decoders kept at most, which is the number of utterances decoded at the same time. Each decoder holds its own
    /// copy of the acoustic model, dictionary and language model (about 115 MB) and is not thread-safe.
    /// </summary>
    public int MaxDecoders { get; set; } = 4;

    /// <summary>How long an utterance waits for a decoder when all are busy before it fails with <see cref="SpeechRecognizerBusyException"/>.</summary>
    public double DecoderWaitSeconds { get; set; } = 10;

    /// <summary>
    /// A grammar result below this confidence (0..1) is decoded again with the free language model. The confidence
    /// weighs how much of the audible audio the grammar's words cover and how its path scores against free phones
    /// (see RecognitionScoring), so speech the grammar cannot say scores low even when the grammar forced a sentence on it.
    /// </summary>
    public double GrammarMinConfidence { get; set; } = 0.5;

    /// <summary>
    /// Confidence given to free language model results at most: they are usually partly wrong on this model. Below
    /// <see cref="GrammarMinConfidence"/>, so a fallback result always ranks under an accepted grammar result.
    /// </summary>
    public double FreeSpeechMaxConfidence { get; set; } = 0.4;

    /// <summary>Audio of one utterance beyond this is ignored (a voice activity detector cuts utterances long before).</summary>
    public double MaxUtteranceSeconds { get; set; } = 30;

    /// <summary>
    /// Where PocketSphinx writes its log; empty discards it (it is very chatty). Set it to find out why a model does not
    /// load; the library reopens it for every new decoder.
    /// </summary>
    public string LogFile { get; set; } = "";

    internal string AcousticModelPath => OrDefault(AcousticModel, "en-us");

    internal string DictionaryPath => OrDefault(Dictionary, "cmudict-en-us.dict");

    internal string LanguageModelPath => OrDefault(LanguageModel, "en-us.lm.bin");

    internal string PhoneModelPath => Path.Combine(ModelDirectory, "en-us-phone.lm.bin");

    private string OrDefault(string value, string file) => string.IsNullOrWhiteSpace(value) ? Path.Combine(ModelDirectory, file) : value;
}
