using CallCenter.Calls;

namespace CallCenter.Voice;

/// <summary>
/// A few 20 ms frames of 16-bit little-endian mono PCM, batched per call on the audio path.
/// Immutable so Orleans passes it between grains on one silo without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("AudioFrames")]
public sealed record AudioFrames(
    [property: Id(0)] int SampleRate,
    [property: Id(1)] byte[] Pcm16);

[GenerateSerializer, Alias("RecognitionResult")]
public sealed record RecognitionResult(
    [property: Id(0)] string Text,
    [property: Id(1)] bool IsFinal,
    [property: Id(2)] double Confidence);

[GenerateSerializer, Alias("SpeechSettings")]
public sealed record SpeechSettings([property: Id(0)] Language Language, [property: Id(1)] int SampleRate);

/// <summary>
/// One synthesized sentence of the bot's reply, as 16-bit PCM at the synthesizer's rate. <see cref="SinceTextMs"/> is
/// how long ago its text reached the TTS grain: the Gateway subtracts it to know when the reply's text was ready.
/// </summary>
[GenerateSerializer, Immutable, Alias("SpokenSentence")]
public sealed record SpokenSentence(
    [property: Id(0)] int Index,
    [property: Id(1)] string Text,
    [property: Id(2)] AudioFrames Audio,
    [property: Id(3)] double SinceTextMs = 0);

/// <summary>Receives the synthesized audio of a call, where the Gateway connection that holds the call lives.</summary>
[Alias("ISpeechOutput")]
public interface ISpeechOutput : IGrainObserver
{
    [Alias("OnSentence")] Task OnSentenceAsync(SpokenSentence sentence);
}

/// <summary>
/// The Gateway connection of a voice call, as the call grain and the audio bridge reach it: the call's status (so it
/// plays hold audio while the caller waits for a person) and the agent's voice once an agent has the call.
/// </summary>
[Alias("IVoiceConnection")]
public interface IVoiceConnection : IGrainObserver
{
    /// <param name="sequence">Grows with each notice of the call: one-way messages can arrive out of order, and a late
    /// older notice (waiting for an agent) must not undo a newer one (with the agent).</param>
    [Alias("OnCallStatus"), Orleans.Concurrency.OneWay] Task OnCallStatusAsync(Calls.CallStatus status, string? agentId, long sequence);

    [Alias("OnAgentAudio"), Orleans.Concurrency.OneWay] Task OnAgentAudioAsync(AudioFrames audio);
}

/// <summary>The agent's browser audio connection: it hears the caller through this.</summary>
[Alias("IAgentAudio")]
public interface IAgentAudio : IGrainObserver
{
    [Alias("OnCallerAudio"), Orleans.Concurrency.OneWay] Task OnCallerAudioAsync(AudioFrames audio);
}

/// <summary>
/// Carries a voice call's audio between the caller's Gateway connection and the agent's browser, wherever each is
/// connected (keyed by call id). Frames are relayed one way as they come; a side that is not connected gets nothing.
/// </summary>
[Alias("IAudioBridgeGrain")]
public interface IAudioBridgeGrain : IGrainWithStringKey
{
    [Alias("ConnectCaller")] Task ConnectCallerAsync(IVoiceConnection caller);
    [Alias("ConnectAgent")] Task ConnectAgentAsync(string agentId, IAgentAudio agent);
    [Alias("DisconnectAgent")] Task DisconnectAgentAsync(string agentId);
    [Alias("FromCaller"), Orleans.Concurrency.OneWay] Task FromCallerAsync(AudioFrames audio);
    [Alias("FromAgent"), Orleans.Concurrency.OneWay] Task FromAgentAsync(AudioFrames audio);
}

/// <summary>
/// The call's recognition grain has no settings: it was activated anew (its silo died, or it was deactivated) since the
/// Gateway started it. The Gateway starts it again and resends the audio; the part of an utterance it had is lost.
/// </summary>
[GenerateSerializer, Alias("RecognitionNotStartedException")]
public sealed class RecognitionNotStartedException(string callId) : Exception($"Recognition for call '{callId}' was not started.")
{
    [Id(0)] public string CallId { get; } = callId;
}
