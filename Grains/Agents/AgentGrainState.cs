namespace CallCenter.Agents;

[GenerateSerializer, Alias("AgentGrainState")]
public sealed class AgentGrainState
{
    [Id(0)] public AgentProfile? Profile { get; set; }
    [Id(1)] public AgentState State { get; set; }
    [Id(2)] public string? CallId { get; set; }
    [Id(3)] public DateTimeOffset StateSince { get; set; }
    [Id(4)] public int CallsHandled { get; set; }
}
