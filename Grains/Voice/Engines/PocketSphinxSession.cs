namespace CallCenter.Voice.Engines;

/// <summary>
/// One utterance for <see cref="PocketSphinxRecognizer"/>: buffers the audio and decodes it whole when asked. Used by
/// one caller at a time (a grain); see the recognizer for which calls may block.
/// </summary>
internal sealed class PocketSphinxSession(PocketSphinxRecognizer recognizer) : IRecognitionSession
{
    // Silence put around the utterance: the grammar and the phone loop start and end in silence, and a VAD-cut
    // utterance often starts and ends abruptly.
    private const int PadSamples = PocketSphinxRecognizer.ModelSampleRate / 4;

    // Less than this is not worth a partial decoding.
    private const int MinPartialSamples = PocketSphinxRecognizer.ModelSampleRate * 3 / 10;

    private short[] _audio = new short[PocketSphinxRecognizer.ModelSampleRate];
    private int _length;
    private int _partialLength = -1;
    private RecognitionResult? _partial;
    private RecognitionResult? _final;
    private (int Length, RecognitionResult Result)? _early;
    private bool _disposed;

    // PrepareFinish copies the audio on a worker thread while the grain may still add to it.
    private readonly Lock _audioLock = new();

    private int MaxSamples => (int)(recognizer.Options.MaxUtteranceSeconds * PocketSphinxRecognizer.ModelSampleRate);

    /// <summary>Copies the samples; audio past <see cref="PocketSphinxOptions.MaxUtteranceSeconds"/> is ignored.</summary>
    public void AcceptAudio(ReadOnlySpan<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_final is not null)
        {
            throw new InvalidOperationException("The utterance is finished; start a new session for the next one.");
        }

        lock (_audioLock)
        {
            var take = Math.Min(pcm.Length, MaxSamples - _length);
            if (take <= 0) return;
            if (_length + take > _audio.Length)
            {
                Array.Resize(ref _audio, Math.Min(MaxSamples, Math.Max(_audio.Length * 2, _length + take)));
            }

            pcm[..take].CopyTo(_audio.AsSpan(_length));
            _length += take;
        }
    }

    /// <summary>
    /// Decodes the audio so far in full (the caller paused); <see cref="Finish"/> uses it if nothing came since. Only
    /// with a decoder free right now, as <see cref="Partial"/>: this work is lost whenever the caller goes on speaking,
    /// and waiting for a decoder would queue it ahead of other calls' final decodings. Measured with 20 calls on two
    /// cores: waiting for one put six calls' turns past the client's timeout (README, Voice).
    /// </summary>
    public void PrepareFinish()
    {
        var decoder = recognizer.TryRent();
        if (decoder is null) return;
        var healthy = true; // until a decoding fails in it
        try
        {
            Utterance utterance;
            int length;
            lock (_audioLock)
            {
                if (_disposed || _final is not null || _length == 0 || _early?.Length == _length) return;
                length = _length;
                utterance = Prepare();
            }

            healthy = false;
            var result = Decode(decoder, utterance);
            healthy = true;
            lock (_audioLock)
            {
                _early = (length, result);
            }
        }
        finally
        {
            recognizer.Return(decoder, healthy);
        }
    }

    /// <summary>
    /// The grammar's best guess for the audio so far, or null before 0.3 s of audio. Best effort: it decodes the whole
    /// buffer again (ask every second or so, not every frame) and only when a decoder is free right now; otherwise, or
    /// without new audio, it returns the previous partial.
    /// </summary>
    public RecognitionResult? Partial()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_final is not null || _length < MinPartialSamples || _length == _partialLength) return _partial;
        var decoder = recognizer.TryRent();
        if (decoder is null) return _partial;

        var healthy = false;
        try
        {
            Utterance utterance;
            lock (_audioLock)
            {
                utterance = Prepare();
            }

            var hypothesis = decoder.Decode(PocketSphinxDecoder.GrammarSearch, utterance.Samples, final: false);
            healthy = true;
            _partialLength = _length;
            // Without the phone loop (a partial must be cheap) only the coverage speaks for the words so far.
            _partial = new RecognitionResult(hypothesis.Text, false, Math.Round(RecognitionScoring.Coverage(utterance.Energies, hypothesis.Words), 3));
            return _partial;
        }
        finally
        {
            recognizer.Return(decoder, healthy);
        }
    }

    /// <summary>The final result; the same one if asked again. An utterance without audio gives an empty text with confidence 0.</summary>
    public RecognitionResult Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_final is not null) return _final;
        if (_length == 0)
        {
            return _final = new RecognitionResult("", true, 0);
        }

        Utterance utterance;
        lock (_audioLock)
        {
            if (_early is { } early && early.Length == _length)
            {
                _audio = [];
                return _final = early.Result;
            }

            utterance = Prepare();
        }

        var decoder = recognizer.Rent();
        var healthy = false;
        try
        {
            _final = Decode(decoder, utterance);
            healthy = true;
            _audio = [];
            return _final;
        }
        finally
        {
            recognizer.Return(decoder, healthy);
        }
    }

    private RecognitionResult Decode(PocketSphinxDecoder decoder, Utterance utterance)
    {
        var options = recognizer.Options;
        var grammar = decoder.Decode(PocketSphinxDecoder.GrammarSearch, utterance.Samples);
        var phones = decoder.Decode(PocketSphinxDecoder.PhoneLoopSearch, utterance.Samples);
        var grammarConfidence = grammar.Text.Length == 0
            ? 0
            : RecognitionScoring.GrammarConfidence(
                RecognitionScoring.Coverage(utterance.Energies, grammar.Words), (double)grammar.Score - phones.Score);
        if (grammarConfidence >= options.GrammarMinConfidence)
        {
            return new RecognitionResult(grammar.Text, true, grammarConfidence);
        }

        // Outside the grammar (or not heard well): the free language model on the same audio, same decoder.
        var free = decoder.Decode(PocketSphinxDecoder.LanguageModelSearch, utterance.Samples);
        if (free.Text.Length > 0)
        {
            var freeConfidence = RecognitionScoring.FreeSpeechConfidence(
                RecognitionScoring.Coverage(utterance.Energies, free.Words), free.ScorePerFrame - phones.ScorePerFrame, options.FreeSpeechMaxConfidence);
            return new RecognitionResult(free.Text, true, freeConfidence);
        }

        return new RecognitionResult(grammar.Text, true, grammarConfidence);
    }

    /// <summary>
    /// The samples as decoded: padded with silence on both sides and dithered with ±1 of deterministic noise, because
    /// digital silence (exact zeros) gives the front end log(0) energies that no acoustic model has seen.
    /// </summary>
    private Utterance Prepare()
    {
        var samples = new short[PadSamples + _length + PadSamples];
        _audio.AsSpan(0, _length).CopyTo(samples.AsSpan(PadSamples));
        uint state = 0x9E3779B9;
        for (var i = 0; i < samples.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            samples[i] = (short)Math.Clamp(samples[i] + (int)(state % 3) - 1, short.MinValue, short.MaxValue);
        }

        return new Utterance(samples, RecognitionScoring.FrameEnergies(samples));
    }

    public void Dispose()
    {
        lock (_audioLock)
        {
            _disposed = true;
            _audio = [];
        }
    }

    private sealed record Utterance(short[] Samples, double[] Energies);
}
