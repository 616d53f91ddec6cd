namespace CallCenter.Voice;

/// <summary>
/// Streaming speech recognition for one call (keyed by call id). The Gateway pushes batched caller audio with
/// direct awaited calls; final utterances go to the call grain. Implemented by the voice issue (#3).
/// </summary>
[Alias("IAsrStreamGrain")]
public interface IAsrStreamGrain : IGrainWithStringKey
{
    [Alias("Start")] Task StartAsync(SpeechSettings settings);

    /// <summary>Feeds caller audio; returns the partial and final results this audio produced.</summary>
    [Alias("PushAudio")] Task<RecognitionResult[]> PushAudioAsync(AudioFrames audio);

    [Alias("Stop")] Task StopAsync();
}
