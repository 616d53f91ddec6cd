using System.Runtime.InteropServices;
using static CallCenter.Voice.Engines.PocketSphinxNative;

namespace CallCenter.Voice.Engines;

/// <summary>
/// One native PocketSphinx decoder with three searches over the same acoustic model and dictionary: the domain
/// grammar, the free language model (fallback for speech the grammar cannot say) and a context-independent phone loop
/// (the unconstrained reference the confidence is measured against). Not thread-safe: one utterance at a time, which
/// <see cref="DecoderPool{T}"/> guarantees.
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    public const string GrammarSearch = "grammar";
    public const string LanguageModelSearch = "lm";
    public const string PhoneLoopSearch = "phones";

    // ps_init writes the library's global log file handle, and neither model loading nor the JSGF compiler is
    // documented as re-entrant: both run one at a time (they are rare: decoder creation and catalog updates).
    private static readonly Lock InitLock = new();

    private readonly NativeArguments _arguments;
    private readonly HashSet<string> _addedWords = new(StringComparer.Ordinal);
    private IntPtr _decoder;

    private PocketSphinxDecoder(NativeArguments arguments, IntPtr decoder)
    {
        _arguments = arguments;
        _decoder = decoder;
    }

    /// <summary>The <see cref="DomainGrammar"/> generation this decoder's grammar search was built from.</summary>
    public int GrammarVersion { get; private set; } = -1;

    public static PocketSphinxDecoder Create(PocketSphinxOptions options, DomainGrammar grammar, int grammarVersion)
    {
        string[] arguments =
        [
            "-hmm", options.AcousticModelPath,
            "-dict", options.DictionaryPath,
            "-logfn", string.IsNullOrWhiteSpace(options.LogFile) ? "/dev/null" : options.LogFile,
            // Final hypotheses straight from the Viterbi search: on this model the lattice rescoring made free-speech
            // results worse, and the path scores it reports are not comparable between searches.
            "-bestpath", "no",
            // The confidence reference: a loop over the context-independent phones decodes in about 3% of real time
            // (65 ms for a 2 s utterance); with triphones it ran slower than real time.
            "-allphone_ci", "yes",
            // Utterances arrive cut by a voice activity detector with speech from the first frame: noise estimation
            // from the leading frames would subtract speech, and the silence remover would drop it.
            "-remove_noise", "no",
            "-remove_silence", "no",
        ];

        var native = new NativeArguments(arguments);
        IntPtr decoder;
        lock (InitLock)
        {
            var config = native.Parse();
            if (config == IntPtr.Zero)
            {
                native.Dispose();
                throw new InvalidOperationException("PocketSphinx rejected the decoder arguments: " + string.Join(' ', arguments));
            }

            decoder = ps_init(config);
            // The decoder holds its own reference to the configuration.
            cmd_ln_free_r(config);
        }

        if (decoder == IntPtr.Zero)
        {
            native.Dispose();
            throw new InvalidOperationException(
                $"PocketSphinx could not load the model (acoustic model {options.AcousticModelPath}, dictionary {options.DictionaryPath}). " +
                $"Install pocketsphinx-en-us or fix {PocketSphinxOptions.Section}; set {PocketSphinxOptions.Section}:LogFile to see the library's reason.");
        }

        var created = new PocketSphinxDecoder(native, decoder);
        try
        {
            Check(ps_set_lm_file(decoder, LanguageModelSearch, options.LanguageModelPath), $"load the language model {options.LanguageModelPath}");
            Check(ps_set_allphone_file(decoder, PhoneLoopSearch, options.PhoneModelPath), $"load the phone model {options.PhoneModelPath}");
            created.UseGrammar(grammar, grammarVersion);
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes the grammar search say <paramref name="grammar"/>: adds the words it composed (ps_add_word; the last one
    /// rebuilds the other searches, so they know the new words too), then replaces the grammar search.
    /// </summary>
    public void UseGrammar(DomainGrammar grammar, int version)
    {
        if (version == GrammarVersion)
        {
            return;
        }

        lock (InitLock)
        {
            var missing = grammar.AddedWords.Where(w => !_addedWords.Contains(w.Key)).ToList();
            for (var i = 0; i < missing.Count; i++)
            {
                var (word, phones) = missing[i];
                Check(ps_add_word(_decoder, word, phones, i == missing.Count - 1 ? 1 : 0), $"add the word '{word}' ({phones})");
                _addedWords.Add(word);
            }

            Check(ps_set_jsgf_string(_decoder, GrammarSearch, grammar.Jsgf), "compile the domain grammar");
        }

        GrammarVersion = version;
    }

    /// <summary>Decodes one whole utterance with the named search.</summary>
    /// <param name="pcm">16 kHz mono samples; given as one block so the front end normalizes over the whole utterance.</param>
    /// <param name="final">False for a partial result: the best path so far, even if it has not reached the end of a grammar sentence.</param>
    public Hypothesis Decode(string search, ReadOnlySpan<short> pcm, bool final = true)
    {
        ObjectDisposedException.ThrowIf(_decoder == IntPtr.Zero, this);
        Check(ps_set_search(_decoder, search), $"select the '{search}' search");
        Check(ps_start_utt(_decoder), "start an utterance");
        var ended = false;
        try
        {
            if (!pcm.IsEmpty)
            {
                // Whole utterance in one call (full_utt = 1): cepstral mean normalization over the utterance itself,
                // so nothing carries over from the previous caller who used this decoder.
                Check(ps_process_raw(_decoder, in MemoryMarshal.GetReference(pcm), (nuint)pcm.Length, 0, 1), "decode audio");
            }

            if (!final)
            {
                return ReadHypothesis();
            }

            ended = true;
            Check(ps_end_utt(_decoder), "end the utterance");
            return ReadHypothesis();
        }
        finally
        {
            if (!ended)
            {
                ps_end_utt(_decoder);
            }
        }
    }

    private Hypothesis ReadHypothesis()
    {
        var text = Marshal.PtrToStringUTF8(ps_get_hyp(_decoder, out var score)) ?? "";
        var frames = ps_get_n_frames(_decoder);
        var words = new List<WordSpan>();
        for (var segment = ps_seg_iter(_decoder); segment != IntPtr.Zero; segment = ps_seg_next(segment))
        {
            var word = Marshal.PtrToStringUTF8(ps_seg_word(segment)) ?? "";
            // Silence, noise and the grammar's null transitions ("<sil>", "[NOISE]", "(NULL)") are not words.
            if (word.Length == 0 || word[0] is '<' or '[' or '(')
            {
                continue;
            }

            ps_seg_frames(segment, out var start, out var end);
            words.Add(new WordSpan(start, end));
        }

        return new Hypothesis(text.Trim(), text.Length == 0 ? 0 : score, frames, words);
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"PocketSphinx failed to {what} (error {result}).");
        }
    }

    public void Dispose()
    {
        if (_decoder != IntPtr.Zero)
        {
            ps_free(_decoder);
            _decoder = IntPtr.Zero;
            // Only now: the freed configuration used these strings as its keys.
            _arguments.Dispose();
        }
    }
}

/// <summary>Frames (10 ms each) a recognized word spans, inclusive.</summary>
internal readonly record struct WordSpan(int StartFrame, int EndFrame);

/// <summary>A search's result: the words, the Viterbi path score (log domain, higher is better) and where the words are.</summary>
internal sealed record Hypothesis(string Text, int Score, int Frames, IReadOnlyList<WordSpan> Words)
{
    public double ScorePerFrame => Frames == 0 ? 0 : (double)Score / Frames;
}
