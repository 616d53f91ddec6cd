namespace CallCenter.Agents;

/// <summary>The queue's persisted state: the waiting calls (offers and ready agents are rebuilt as agents report in).</summary>
[GenerateSerializer, Alias("QueueState")]
public sealed class QueueState
{
    [Id(0)] public List<WaitingCall> Waiting { get; set; } = [];
}
