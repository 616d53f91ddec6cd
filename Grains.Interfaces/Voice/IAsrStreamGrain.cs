namespace CallCenter.Voice;

/// <summary>
/// Streaming speech recognition for one call (keyed by call id). The Gateway pushes batched caller audio with direct
/// awaited calls (a few 20 ms frames per call) and says when its voice activity detector heard the utterance end.
/// </summary>
[Alias("IAsrStreamGrain")]
public interface IAsrStreamGrain : IGrainWithStringKey
{
    [Alias("Start")] Task StartAsync(SpeechSettings settings);

    /// <summary>Feeds caller audio (16-bit PCM at the recognizer's rate); returns the current partial result, if any.</summary>
    [Alias("PushAudio")] Task<RecognitionResult?> PushAudioAsync(AudioFrames audio);

    /// <summary>
    /// The caller paused and has probably finished (the turn detector is still waiting out the end of speech): the final
    /// decoding of the utterance so far may start now, so it is ready when the utterance ends. More audio makes it moot.
    /// </summary>
    [Alias("SpeechPaused")] Task SpeechPausedAsync();

    /// <summary>
    /// The utterance is over: returns its final transcript (empty when nothing was recognized). The Gateway decides
    /// whether it is a turn for the call grain (it is not when it was only "mm-hm" over the bot). It may wait for a free
    /// decoder (Voice:PocketSphinx:DecoderWaitSeconds) or a cloud service (its TimeoutSeconds), longer than the Gateway
    /// process's short default response timeout allows other calls.
    /// </summary>
    [Alias("EndUtterance"), ResponseTimeout("00:00:45")] Task<RecognitionResult> EndUtteranceAsync();

    [Alias("Stop")] Task StopAsync();
}
