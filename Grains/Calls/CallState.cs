using CallCenter.Calls;
using CallCenter.Dialogue;
using CallCenter.Llm;

namespace CallCenter.Calls;

/// <summary>The call grain's persisted state: the call's header, its transcript, and the dialogue state.</summary>
[GenerateSerializer, Alias("CallState")]
public sealed class CallState
{
    [Id(0)] public bool Started { get; set; }
    [Id(1)] public CallChannel Channel { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset? EndedAt { get; set; }
    [Id(4)] public CallOutcome Outcome { get; set; }
    [Id(5)] public List<Turn> Turns { get; set; } = [];
    [Id(6)] public DialogueState Dialogue { get; set; } = new();
    [Id(7)] public DateTimeOffset LastActivity { get; set; }

    /// <summary>Language-model tokens and cost of the call so far.</summary>
    [Id(8)] public LlmUsage Usage { get; set; } = LlmUsage.None;

    /// <summary>
    /// The caller's number in the clear, as calls started before personal data was sealed kept it: read once on
    /// activation into <see cref="Vault"/>, then cleared. New calls never set it.
    /// </summary>
    [Id(9)] public string? CallerPhone { get; set; }

    /// <summary>The number the caller called from (or gave when the chat started) as its placeholder, for the model's lookup_customer.</summary>
    [Id(18)] public string? CallerPhoneToken { get; set; }

    /// <summary>
    /// The personal data the caller gave, by placeholder, sealed with the vault key (or without values when no key is
    /// configured: then they live in the grain's memory only). Emptied when the call ends.
    /// </summary>
    [Id(19)] public List<Privacy.PiiVaultEntry> Vault { get; set; } = [];

    /// <summary>The human agent on the call, and when the call was handed over and taken.</summary>
    [Id(10)] public string? AgentId { get; set; }
    [Id(11)] public string? AgentName { get; set; }
    [Id(12)] public DateTimeOffset? TransferredAt { get; set; }
    [Id(13)] public DateTimeOffset? AgentJoinedAt { get; set; }

    /// <summary>After the call: how the agent closed it, a summary, and the estimated satisfaction (1 to 5).</summary>
    [Id(14)] public Agents.Disposition? Disposition { get; set; }
    [Id(15)] public string? DispositionNote { get; set; }
    [Id(16)] public string? Summary { get; set; }
    [Id(17)] public double? Satisfaction { get; set; }

    /// <summary>
    /// The Gateway process holding the call's connection, while one does (see <see cref="ICallGrain.HoldAsync"/>). Kept
    /// so a call reactivated elsewhere (its silo died) still ends as dropped if that process is gone too.
    /// </summary>
    [Id(20)] public string? Holder { get; set; }
}
