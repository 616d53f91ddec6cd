using CallCenter.Calls;

namespace CallCenter.Voice.Engines.PassThrough;

/// <summary>
/// A recognizer that decodes nothing: every utterance with audio in it is heard as the configured transcript, with
/// full confidence. It costs next to nothing, so a capacity benchmark measures the engine around the recognizer.
/// </summary>
public sealed class PassThroughRecognizer : ISpeechRecognizer
{
    private readonly RecognitionResult _heard;

    public PassThroughRecognizer(PassThroughOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Transcript, $"{PassThroughOptions.Section}:Transcript");
        _heard = new RecognitionResult(options.Transcript, IsFinal: true, Confidence: 1);
    }

    /// <summary>The rate the Gateway resamples caller audio to for every recognizer.</summary>
    public int SampleRate => 16000;

    public IRecognitionSession StartSession(Language language) => new Session(_heard);

    private sealed class Session(RecognitionResult heard) : IRecognitionSession
    {
        private static readonly RecognitionResult Nothing = new("", IsFinal: true, Confidence: 0);
        private bool _hasAudio;

        public void AcceptAudio(ReadOnlySpan<short> pcm) => _hasAudio |= !pcm.IsEmpty;

        /// <summary>No partial hypotheses: the transcript is only "known" when the utterance ends.</summary>
        public RecognitionResult? Partial() => null;

        public RecognitionResult Finish() => _hasAudio ? heard : Nothing;

        public void Dispose()
        {
        }
    }
}
