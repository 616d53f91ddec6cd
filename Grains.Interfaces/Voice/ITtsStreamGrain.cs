using CallCenter.Calls;

namespace CallCenter.Voice;

/// <summary>
/// Sentence-by-sentence speech synthesis for one call (keyed by call id); audio goes to the subscribed
/// <see cref="ISpeechOutput"/> as soon as each sentence is synthesized, so the first audio leaves before the reply's
/// last sentence is ready.
/// </summary>
[Alias("ITtsStreamGrain")]
public interface ITtsStreamGrain : IGrainWithStringKey
{
    [Alias("Subscribe")] Task SubscribeAsync(ISpeechOutput output);

    /// <summary>The connection is going away: nothing more is sent to it; returns once nothing is on its way to it.</summary>
    [Alias("Unsubscribe")] Task UnsubscribeAsync(ISpeechOutput output);

    /// <summary>Queues text for synthesis in the given language; returns at once. Sentences are spoken in order.</summary>
    [Alias("Speak")] Task SpeakAsync(string text, Language language);

    /// <summary>Barge-in: drops queued sentences and stops the one being synthesized.</summary>
    [Alias("Cancel")] Task CancelAsync();
}
