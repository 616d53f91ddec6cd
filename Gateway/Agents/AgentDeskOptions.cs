namespace CallCenter.Gateway.Agents;

/// <summary>The Gateway's part of the "Agents" section.</summary>
public sealed class AgentDeskOptions
{
    public const string Section = "Agents";

    /// <summary>An agent desktop gone this long (its event stream closed and not reopened) counts as disconnected.</summary>
    public int DisconnectGraceSeconds { get; set; } = 5;
}
