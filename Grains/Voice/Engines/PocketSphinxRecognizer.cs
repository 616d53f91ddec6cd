using CallCenter.Calls;

namespace CallCenter.Voice.Engines;

/// <summary>
/// The embedded English recognizer: PocketSphinx 5prealpha (Debian's libpocketsphinx3) through P/Invoke, constrained by
/// the <see cref="DomainGrammar"/>, with the free language model as the fallback for speech outside it.
/// <para>
/// <b>Decoders.</b> A decoder holds the acoustic model, the dictionary and the language model (about 115 MB) and is
/// not thread-safe, so the recognizer keeps a pool of at most <see cref="PocketSphinxOptions.MaxDecoders"/>, created
/// on first need and reused. A session buffers its utterance and rents a decoder only to decode it (in
/// <see cref="IRecognitionSession.Finish"/>, or briefly for a partial result): a decoder serves one utterance for the
/// ~0.2 s its decoding takes (0.7 s when it falls back to the free language model), not for the seconds the caller speaks. When all are busy, sessions wait in arrival
/// order for up to <see cref="PocketSphinxOptions.DecoderWaitSeconds"/>, then fail with
/// <see cref="SpeechRecognizerBusyException"/>.
/// </para>
/// <para>
/// <b>Threads.</b> <see cref="IRecognitionSession.AcceptAudio"/> only copies samples and is safe on the Orleans
/// scheduler. <see cref="IRecognitionSession.Finish"/> and <see cref="IRecognitionSession.Partial"/> decode on the
/// calling thread (CPU-bound, 0.1 to 1 s) and may wait for a decoder: grains must call them on a thread of their own
/// (<c>AsrStreamGrain</c>), so a grain turn never blocks the Orleans scheduler or the thread pool. A session is used by
/// one caller at a time; the recognizer itself is thread-safe.
/// </para>
/// <para>
/// <b>Decoding.</b> The whole utterance is decoded in one block with the grammar and with a context-independent phone
/// loop (the reference for <see cref="RecognitionScoring"/>). A grammar result below
/// <see cref="PocketSphinxOptions.GrammarMinConfidence"/> (or none at all) is decoded again with the free language
/// model, and that result is returned with a confidence of at most <see cref="PocketSphinxOptions.FreeSpeechMaxConfidence"/>.
/// </para>
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer, IDisposable
{
    public const int ModelSampleRate = 16_000;

    private readonly DecoderPool<PocketSphinxDecoder> _pool;
    private volatile GrammarGeneration _grammar;
    private int _grammarVersion;

    public PocketSphinxRecognizer(PocketSphinxOptions options, DomainGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecoders, 1, $"{PocketSphinxOptions.Section}:MaxDecoders");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DecoderWaitSeconds, $"{PocketSphinxOptions.Section}:DecoderWaitSeconds");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxUtteranceSeconds, $"{PocketSphinxOptions.Section}:MaxUtteranceSeconds");
        foreach (var (value, name) in new[] { (options.GrammarMinConfidence, "GrammarMinConfidence"), (options.FreeSpeechMaxConfidence, "FreeSpeechMaxConfidence") })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, $"{PocketSphinxOptions.Section}:{name}");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1, $"{PocketSphinxOptions.Section}:{name}");
        }

        foreach (var (path, what) in new[]
                 {
                     (options.AcousticModelPath, "acoustic model"), (options.DictionaryPath, "dictionary"),
                     (options.LanguageModelPath, "language model"), (options.PhoneModelPath, "phone model"),
                 })
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The PocketSphinx {what} {path} is missing: install pocketsphinx-en-us (scripts/bootstrap.sh does) or set {PocketSphinxOptions.Section}.", path);
            }
        }

        Options = options;
        _grammar = new GrammarGeneration(grammar, 0);
        _pool = new DecoderPool<PocketSphinxDecoder>(options.MaxDecoders, () =>
        {
            var current = _grammar;
            return PocketSphinxDecoder.Create(options, current.Grammar, current.Version);
        });
    }

    public int SampleRate => ModelSampleRate;

    public PocketSphinxOptions Options { get; }

    /// <summary>The grammar decoders use from their next utterance on.</summary>
    public DomainGrammar Grammar => _grammar.Grammar;

    /// <summary>Decoders created so far (at most <see cref="PocketSphinxOptions.MaxDecoders"/> unless one failed and was replaced).</summary>
    public int DecodersCreated => _pool.Created;

    internal DecoderPool<PocketSphinxDecoder> Pool => _pool;

    /// <summary>
    /// Starts one utterance. English only: PocketSphinx has no Mandarin model installed here.
    /// </summary>
    /// <exception cref="NotSupportedException">For <see cref="Language.Zh"/>.</exception>
    public IRecognitionSession StartSession(Language language) => language switch
    {
        Language.En => new PocketSphinxSession(this),
        Language.Zh => throw new NotSupportedException(
            "Chinese (zh) speech recognition is not available in the embedded engine: PocketSphinx has only a US English model " +
            "on this machine. Chinese voice calls need a cloud recognizer (Azure Speech)."),
        _ => throw new NotSupportedException($"Speech recognition for language '{language}' is not supported by the embedded engine."),
    };

    /// <summary>
    /// Switches to a grammar built from a newer catalog. Utterances being decoded finish with the old one; each decoder
    /// compiles the new one before its next utterance (a few milliseconds; tens more when it adds new words).
    /// </summary>
    public void UpdateGrammar(DomainGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _grammar = new GrammarGeneration(grammar, Interlocked.Increment(ref _grammarVersion));
    }

    /// <summary>Creates a decoder now (about half a second) so the first caller does not wait for it; fails if the model does not load.</summary>
    public void WarmUp()
    {
        var decoder = _pool.RentAsync(TimeSpan.FromSeconds(Options.DecoderWaitSeconds), CancellationToken.None).GetAwaiter().GetResult();
        _pool.Return(decoder);
    }

    /// <summary>Rents a decoder for one decoding, brought up to the current grammar.</summary>
    internal PocketSphinxDecoder Rent()
    {
        PocketSphinxDecoder decoder;
        try
        {
            decoder = _pool.RentAsync(TimeSpan.FromSeconds(Options.DecoderWaitSeconds), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new SpeechRecognizerBusyException(
                $"All {Options.MaxDecoders} speech decoders stayed busy for {Options.DecoderWaitSeconds:0.#} s; raise " +
                $"{PocketSphinxOptions.Section}:MaxDecoders (about 115 MB each) or spread calls over more silos.");
        }

        return Refresh(decoder);
    }

    /// <summary>A decoder if one is free right now, for best-effort work such as partial results; null otherwise.</summary>
    internal PocketSphinxDecoder? TryRent() => _pool.TryRent() is { } decoder ? Refresh(decoder) : null;

    internal void Return(PocketSphinxDecoder decoder, bool healthy)
    {
        if (healthy) _pool.Return(decoder);
        else _pool.Discard(decoder);
    }

    private PocketSphinxDecoder Refresh(PocketSphinxDecoder decoder)
    {
        try
        {
            var current = _grammar;
            decoder.UseGrammar(current.Grammar, current.Version);
            return decoder;
        }
        catch
        {
            _pool.Discard(decoder);
            throw;
        }
    }

    public void Dispose() => _pool.Dispose();

    private sealed record GrammarGeneration(DomainGrammar Grammar, int Version);
}
