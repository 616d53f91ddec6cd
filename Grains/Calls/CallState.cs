using CallCenter.Calls;
using CallCenter.Dialogue;

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
}
