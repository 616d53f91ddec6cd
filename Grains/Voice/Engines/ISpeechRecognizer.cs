using CallCenter.Calls;

namespace CallCenter.Voice.Engines;

/// <summary>
/// A speech recognizer shared by the calls of a silo (one per silo); each utterance gets its own session. Implemented
/// by the embedded <see cref="PocketSphinxRecognizer"/> and by cloud engines.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary>The sample rate sessions expect (16,000 for PocketSphinx); callers resample telephony audio to it.</summary>
    int SampleRate { get; }

    /// <summary>Starts recognizing one utterance.</summary>
    /// <exception cref="NotSupportedException">The engine does not recognize <paramref name="language"/>.</exception>
    IRecognitionSession StartSession(Language language);
}

/// <summary>
/// One utterance being recognized. Not thread-safe (but see <see cref="PrepareFinish"/>): one caller at a time. <see cref="AcceptAudio"/> must be cheap;
/// <see cref="Partial"/> and <see cref="Finish"/> may decode synchronously on the calling thread (the embedded engine
/// does, for 0.1 to 1 s), so grains run them on threads of their own (<c>AsrStreamGrain</c>), off the Orleans scheduler and the thread pool.
/// </summary>
public interface IRecognitionSession : IDisposable
{
    /// <summary>Adds 16-bit mono samples at the recognizer's <see cref="ISpeechRecognizer.SampleRate"/>.</summary>
    void AcceptAudio(ReadOnlySpan<short> pcm);

    /// <summary>The hypothesis so far (<see cref="RecognitionResult.IsFinal"/> false), or null when there is none yet.</summary>
    RecognitionResult? Partial();

    /// <summary>Ends the utterance: the final hypothesis with a confidence from 0 to 1.</summary>
    RecognitionResult Finish();

    /// <summary>
    /// The speaker paused and has probably finished: decode the audio so far as <see cref="Finish"/> would, so that
    /// <see cref="Finish"/> returns at once if no audio comes before it. May run on another thread while
    /// <see cref="AcceptAudio"/> is called. Engines that decode nothing before the end ignore it. Speculative: an engine
    /// should skip it when it has no capacity to spare, since the caller may go on speaking and the work be thrown away.
    /// </summary>
    void PrepareFinish()
    {
    }
}
