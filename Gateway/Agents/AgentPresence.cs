using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Agents;

/// <summary>
/// Which agents have a desktop connected (an open event stream). When an agent's last connection closes and none
/// reopens within the grace time (a page reload), the agent counts as disconnected: a call in progress goes back to
/// the front of the queue and the agent goes offline.
/// </summary>
public sealed class AgentPresence(AgentDesk desk, IOptions<AgentDeskOptions> options, ILogger<AgentPresence> logger)
{
    private readonly ConcurrentDictionary<string, int> _connections = new();

    public void Connected(string agentId) => _connections.AddOrUpdate(agentId, 1, (_, n) => n + 1);

    public void Closed(string agentId)
    {
        if (_connections.AddOrUpdate(agentId, 0, (_, n) => Math.Max(0, n - 1)) == 0)
        {
            _ = DisconnectAfterGraceAsync(agentId);
        }
    }

    private async Task DisconnectAfterGraceAsync(string agentId)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, options.Value.DisconnectGraceSeconds)));
        if (_connections.TryGetValue(agentId, out var count) && count > 0)
        {
            return;
        }

        try
        {
            await desk.DisconnectedAsync(agentId);
            logger.LogInformation("Agent {AgentId}'s desktop went away; the agent is offline.", agentId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Agent {AgentId}: marking the agent disconnected failed.", agentId);
        }
    }
}
