namespace CallCenter.Voice.Engines;

/// <summary>
/// A session for cloud APIs that recognize whole files (Azure Speech's short-audio REST API, OpenAI transcription):
/// it keeps the utterance and sends it once, when it ends, so there are no partial results. The length is bounded
/// because each API has a limit and a runaway utterance would otherwise grow without end in a grain.
/// </summary>
internal sealed class BufferedRecognitionSession(int sampleRate, int maxSeconds, string api, Func<short[], RecognitionResult> recognize)
    : IRecognitionSession
{
    private readonly List<short> _audio = [];

    public void AcceptAudio(ReadOnlySpan<short> pcm)
    {
        if (_audio.Count + pcm.Length > maxSeconds * sampleRate)
        {
            throw new InvalidOperationException($"An utterance may be at most {maxSeconds} s long for {api}.");
        }

        _audio.AddRange(pcm);
    }

    public RecognitionResult? Partial() => null;

    /// <summary>Nothing heard sends nothing: an empty result with no confidence.</summary>
    public RecognitionResult Finish() => _audio.Count == 0 ? new RecognitionResult("", true, 0) : recognize([.. _audio]);

    public void Dispose() => _audio.Clear();
}
