using CallCenter.Calls;
using Orleans.Concurrency;

namespace CallCenter.Llm;

/// <summary>One message of the conversation as the model sees it: role "system", "user" or "assistant".</summary>
[GenerateSerializer, Alias("LlmMessage")]
public sealed record LlmMessage([property: Id(0)] string Role, [property: Id(1)] string Content);

/// <summary>What the model may know about the call besides its transcript; the tools act on these.</summary>
[GenerateSerializer, Alias("CallFacts")]
public sealed record CallFacts(
    [property: Id(0)] CallChannel Channel,
    [property: Id(1)] string? CustomerId,
    [property: Id(2)] string? CustomerName,
    [property: Id(3)] string? FocusOrderId,
    [property: Id(4)] bool IdentityVerified,
    /// <summary>The caller's number as the call's placeholder ("[PHONE_1 ****0100]"), resolved only for the CRM.</summary>
    [property: Id(5)] string? CallerPhone,
    [property: Id(6)] int IdentityFailures = 0);

/// <summary>
/// One caller turn for the model: the conversation so far (already within the context budget, personal data replaced by
/// the call's placeholders), the call's facts, where the reply's sentences go as they are produced (the call's TTS grain
/// for voice calls, <see cref="Speak"/>, and the chat connection's <see cref="Listener"/>), and the values behind the
/// placeholders (<see cref="Secrets"/>) for the tools to give the CRM.
/// </summary>
[GenerateSerializer, Alias("ModelTurnRequest")]
public sealed record ModelTurnRequest(
    [property: Id(0)] string CallId,
    [property: Id(1)] Language Language,
    [property: Id(2)] string DomainPack,
    [property: Id(3)] LlmMessage[] Messages,
    [property: Id(4)] CallFacts Facts,
    [property: Id(5)] ModelTier Tier,
    [property: Id(6)] bool Speak,
    [property: Id(7)] IReplyListener? Listener,
    [property: Id(8)] Privacy.PiiValues? Secrets = null);

[GenerateSerializer, Alias("ModelTier")]
public enum ModelTier { Small, Large }

/// <summary>What the model asked the call to do through its call tools; the call grain applies them.</summary>
[GenerateSerializer, Alias("CallActionKind")]
public enum CallActionKind { TransferToHuman, AlertSupervisor, EndCall, IdentityVerified, FocusOrder, FocusCustomer, Escalated, IdentityFailed }

[GenerateSerializer, Alias("CallAction")]
public sealed record CallAction(
    [property: Id(0)] CallActionKind Kind,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? Summary = null,
    [property: Id(3)] string? Value = null);

/// <summary>Tokens a model turn used, by tier, and what they cost at the configured prices.</summary>
[GenerateSerializer, Alias("LlmUsage")]
public sealed record LlmUsage(
    [property: Id(0)] int SmallPromptTokens,
    [property: Id(1)] int SmallCompletionTokens,
    [property: Id(2)] int LargePromptTokens,
    [property: Id(3)] int LargeCompletionTokens,
    [property: Id(4)] decimal Cost)
{
    public static readonly LlmUsage None = new(0, 0, 0, 0, 0);

    public int TotalTokens => SmallPromptTokens + SmallCompletionTokens + LargePromptTokens + LargeCompletionTokens;

    public LlmUsage Add(LlmUsage other) => new(
        SmallPromptTokens + other.SmallPromptTokens, SmallCompletionTokens + other.SmallCompletionTokens,
        LargePromptTokens + other.LargePromptTokens, LargeCompletionTokens + other.LargeCompletionTokens, Cost + other.Cost);
}

/// <summary>
/// The model's answer to one turn. <see cref="Failure"/> is set when the model could not answer (down, too slow, the
/// circuit open): the call grain then answers with the embedded brain. <see cref="SentencesSent"/> counts sentences
/// (the filler included) already spoken or sent to the listener, so nothing is said twice.
/// </summary>
[GenerateSerializer, Alias("ModelTurn")]
public sealed record ModelTurn(
    [property: Id(0)] string Text,
    [property: Id(1)] Intent? Intent,
    [property: Id(2)] double? Emotion,
    [property: Id(3)] CallAction[] Actions,
    [property: Id(4)] LlmUsage Usage,
    [property: Id(5)] string Brain,
    [property: Id(6)] string? Failure,
    [property: Id(7)] string[] ToolsUsed,
    [property: Id(8)] int SentencesSent,
    [property: Id(9)] bool FillerSent,
    [property: Id(10)] double ModelMs);

/// <summary>
/// Model calls behind a stateless worker: the HTTP streaming, the tool rounds against the CRM, the filler and the
/// time limits run here, on whichever silo the caller is on, so many turns stream in parallel without any call grain
/// doing the model's I/O. Call-level tools (transfer, alert, end) come back as <see cref="CallAction"/>s for the call
/// grain to apply, because the model must not call back into the grain that is waiting for it.
/// </summary>
[Alias("ILlmGrain")]
public interface ILlmGrain : IGrainWithIntegerKey
{
    [Alias("Respond")] Task<ModelTurn> RespondAsync(ModelTurnRequest request);
}

/// <summary>Receives a reply's sentences as they are produced, and the agent's messages (the chat WebSocket shows them as they come).</summary>
[Alias("IReplyListener")]
public interface IReplyListener : IGrainObserver
{
    [Alias("OnReplySentence")] Task OnReplySentenceAsync(string callId, string sentence);

    /// <summary>A message in the call not answering the caller's own message: an agent's words, a notice (from "agent" or "system").</summary>
    /// <remarks>One-way: the call grain never waits on a chat connection that may be gone.</remarks>
    [Alias("OnCallMessage"), OneWay] Task OnCallMessageAsync(string callId, string from, string text);
}
