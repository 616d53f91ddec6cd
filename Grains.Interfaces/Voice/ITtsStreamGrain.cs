namespace CallCenter.Voice;

/// <summary>
/// Sentence-by-sentence speech synthesis for one call (keyed by call id); audio goes to the subscribed
/// <see cref="ISpeechOutput"/>. Implemented by the voice issue (#3).
/// </summary>
[Alias("ITtsStreamGrain")]
public interface ITtsStreamGrain : IGrainWithStringKey
{
    [Alias("Subscribe")] Task SubscribeAsync(ISpeechOutput output, SpeechSettings settings);

    /// <summary>Queues one sentence for synthesis; the first audio leaves as soon as it is ready.</summary>
    [Alias("Speak")] Task SpeakAsync(string sentence);

    /// <summary>Barge-in: drops queued sentences and stops the one being synthesized.</summary>
    [Alias("Cancel")] Task CancelAsync();
}
