using CallCenter.Calls;

namespace CallCenter.Agents;

/// <summary>
/// Which waiting call goes to which ready agent. Calls in order: returned by an agent who dropped them first (they
/// already waited once), then urgent, then angry (emotion at or below the threshold), then longest waiting. Each goes
/// to the longest-idle agent who speaks its language and knows its domain and has not just let it pass (declined it,
/// or let the offer expire).
/// </summary>
public static class RoutingPolicy
{
    public static IEnumerable<WaitingCall> Order(IEnumerable<WaitingCall> waiting, double angryAt) => waiting
        .OrderByDescending(c => c.Returned)
        .ThenByDescending(c => c.Urgent)
        .ThenByDescending(c => c.Emotion <= angryAt)
        .ThenBy(c => c.WaitingSince)
        .ThenBy(c => c.CallId, StringComparer.Ordinal);

    public static bool Matches(ReadyAgent agent, WaitingCall call) =>
        agent.Languages.Contains(call.Language)
        && (agent.Domains.Length == 0 || agent.Domains.Contains(call.Domain, StringComparer.OrdinalIgnoreCase));

    /// <param name="passed">(call, agent) pairs that must not be offered again: declined or let expire.</param>
    public static List<(WaitingCall Call, ReadyAgent Agent)> Assign(
        IEnumerable<WaitingCall> waiting, IEnumerable<ReadyAgent> ready, ISet<(string CallId, string AgentId)> passed, double angryAt)
    {
        var free = ready.OrderBy(a => a.IdleSince).ThenBy(a => a.AgentId, StringComparer.Ordinal).ToList();
        var assignments = new List<(WaitingCall, ReadyAgent)>();
        foreach (var call in Order(waiting, angryAt))
        {
            var agent = free.FirstOrDefault(a => Matches(a, call) && !passed.Contains((call.CallId, a.AgentId)));
            if (agent is not null)
            {
                free.Remove(agent);
                assignments.Add((call, agent));
            }
        }

        return assignments;
    }
}
