namespace CallCenter.Calls;

/// <summary>How the caller reaches us. Chat, app and web are text channels; voice is a phone or browser audio call.</summary>
[GenerateSerializer, Alias("CallChannel")]
public enum CallChannel { Chat, App, Web, Voice }

[GenerateSerializer, Alias("CallStatus")]
public enum CallStatus { Active, WaitingForAgent, WithAgent, Ended }

[GenerateSerializer, Alias("Speaker")]
public enum Speaker { Caller, Bot, Agent, System }

[GenerateSerializer, Alias("Language")]
public enum Language { En, Zh }

/// <summary>What the caller wants from a turn. Serialized in the API as snake_case (order_status).</summary>
[GenerateSerializer, Alias("Intent")]
public enum Intent
{
    NotUnderstood,
    Greeting,
    OrderStatus,
    ReturnRequest,
    CancelOrder,
    ProductInfo,
    PolicyQuestion,
    HumanAgent,
    Complaint,
    Goodbye,
    Thanks,
    Affirm,
    Deny,
    /// <summary>The turn only carries information (an order number, a phone number) that answers a question the bot asked.</summary>
    ProvideInfo,
}

/// <summary>How the call ended, for records and reporting.</summary>
[GenerateSerializer, Alias("CallOutcome")]
public enum CallOutcome { None, ResolvedByAi, TransferredToAgent, ResolvedByAgent, Abandoned, Dropped }

/// <summary>Entity types the brain extracts. Values are normalized (order numbers upper-case, products as SKU).</summary>
public static class EntityTypes
{
    public const string OrderNumber = "order_number";
    public const string Product = "product";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string PolicyTopic = "policy_topic";

    /// <summary>A pick from a list the bot offered: 1-based position, -1 for the last ("the second one", "第二个").</summary>
    public const string Ordinal = "ordinal";
}

[GenerateSerializer, Alias("Entity")]
public sealed record Entity([property: Id(0)] string Type, [property: Id(1)] string Value);

/// <summary>The call's rolling emotion: score in [-1, 1] (negative = upset) and its trend (change per turn, negative = worsening).</summary>
[GenerateSerializer, Alias("EmotionState")]
public sealed record EmotionState([property: Id(0)] double Score, [property: Id(1)] double Trend)
{
    public static readonly EmotionState Neutral = new(0, 0);
}

/// <summary>
/// One turn of the dialogue as it is kept in the call state and in the records. <see cref="Heard"/> is set on a bot
/// turn the caller interrupted: the part that was actually played. <see cref="Latency"/> is set on a spoken caller turn.
/// </summary>
[GenerateSerializer, Alias("Turn")]
public sealed record Turn(
    [property: Id(0)] int Seq,
    [property: Id(1)] Speaker Speaker,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] Intent? Intent,
    [property: Id(5)] Entity[] Entities,
    [property: Id(6)] double? Emotion,
    [property: Id(7)] double? Confidence,
    [property: Id(8)] string? Brain,
    [property: Id(9)] string? Heard = null,
    [property: Id(10)] VoiceLatency? Latency = null);

/// <summary>
/// Where a spoken turn's time went, in milliseconds: end of the caller's speech → final transcript → reply text →
/// first audio frame of the reply sent. <see cref="VoiceToVoiceMs"/> is the sum, what the caller waits.
/// </summary>
[GenerateSerializer, Alias("VoiceLatency")]
public sealed record VoiceLatency(
    [property: Id(0)] double SpeechEndToTranscriptMs,
    [property: Id(1)] double TranscriptToReplyMs,
    [property: Id(2)] double ReplyToFirstAudioMs)
{
    public double VoiceToVoiceMs => SpeechEndToTranscriptMs + TranscriptToReplyMs + ReplyToFirstAudioMs;
}

[GenerateSerializer, Alias("StartCall")]
public sealed record StartCall(
    [property: Id(0)] CallChannel Channel,
    [property: Id(1)] Language? Language,
    [property: Id(2)] string? CustomerPhone);

/// <param name="Counted">Where the call counts as active (admission: the Gateway counts it until that silo's report shows it).</param>
[GenerateSerializer, Alias("CallStarted")]
public sealed record CallStarted(
    [property: Id(0)] string CallId,
    [property: Id(1)] string Greeting,
    [property: Id(2)] Language Language,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] Admission.LoadStamp? Counted = null);

/// <summary>A caller's utterance: typed text, or a final speech transcript with the recognizer's confidence.</summary>
/// <remarks><see cref="Listener"/>, when set, receives the reply's sentences as they are produced (the chat WebSocket).</remarks>
[GenerateSerializer, Alias("CallerInput")]
public sealed record CallerInput(
    [property: Id(0)] string Text,
    [property: Id(1)] double? AsrConfidence = null,
    [property: Id(2)] Llm.IReplyListener? Listener = null)
{
    /// <summary>The longest utterance a turn takes, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 4096;

    /// <summary>Why a caller text cannot be a turn, or null when it can. The one check the API and the grain share.</summary>
    public static string? Problem(string? text) => text switch
    {
        null => "The field 'text' is required.",
        _ when string.IsNullOrWhiteSpace(text) => "The field 'text' is empty.",
        _ when System.Text.Encoding.UTF8.GetByteCount(text) is var bytes && bytes > MaxTextBytes
            => $"The field 'text' is {bytes} bytes long; the limit is {MaxTextBytes} bytes.",
        _ => null,
    };
}

/// <summary>What a caller turn produced: the bot's reply and what the brain understood.</summary>
[GenerateSerializer, Alias("TurnResult")]
public sealed record TurnResult(
    [property: Id(0)] string Reply,
    [property: Id(1)] Intent Intent,
    [property: Id(2)] Entity[] Entities,
    [property: Id(3)] EmotionState Emotion,
    [property: Id(4)] CallStatus Status,
    [property: Id(5)] bool Handoff,
    [property: Id(6)] bool Urgent,
    [property: Id(7)] Language Language,
    [property: Id(8)] string Brain = "embedded",
    [property: Id(9)] double ModelMs = 0);

/// <summary>The call's whole state and transcript, as the API returns it.</summary>
[GenerateSerializer, Alias("CallSnapshot")]
public sealed record CallSnapshot(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallChannel Channel,
    [property: Id(2)] Language Language,
    [property: Id(3)] CallStatus Status,
    [property: Id(4)] string? CustomerId,
    [property: Id(5)] string? CustomerName,
    [property: Id(6)] EmotionState Emotion,
    [property: Id(7)] bool Urgent,
    [property: Id(8)] Dictionary<string, string> Slots,
    [property: Id(9)] Turn[] Turns,
    [property: Id(10)] DateTimeOffset StartedAt,
    [property: Id(11)] DateTimeOffset? EndedAt,
    [property: Id(12)] CallOutcome Outcome,
    [property: Id(13)] string? HandoffReason,
    [property: Id(14)] Llm.LlmUsage Usage,
    [property: Id(15)] string? AgentId = null,
    [property: Id(16)] Agents.Disposition? Disposition = null,
    [property: Id(17)] string? Summary = null,
    [property: Id(18)] double? Satisfaction = null,
    [property: Id(19)] string? DispositionNote = null);

/// <summary>A call that was never started (unknown id).</summary>
[GenerateSerializer, Alias("CallNotFoundException")]
public sealed class CallNotFoundException(string callId) : Exception($"No call with id '{callId}'.")
{
    [Id(0)] public string CallId { get; } = callId;
}

/// <summary>A turn or action sent to a call that has already ended.</summary>
[GenerateSerializer, Alias("CallEndedException")]
public sealed class CallEndedException(string callId) : Exception($"Call '{callId}' has ended; it takes no more messages.")
{
    [Id(0)] public string CallId { get; } = callId;
}

/// <summary>A start request for a call id that is already in use.</summary>
[GenerateSerializer, Alias("CallAlreadyStartedException")]
public sealed class CallAlreadyStartedException(string callId) : Exception($"Call '{callId}' has already been started.")
{
    [Id(0)] public string CallId { get; } = callId;
}
