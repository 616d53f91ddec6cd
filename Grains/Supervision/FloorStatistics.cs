using CallCenter.Agents;
using CallCenter.Calls;

namespace CallCenter.Supervision;

/// <summary>What the wallboard has counted so far: kept in grain storage, so a wallboard that moves to another silo
/// (or comes back after its silo died) carries on from its figures instead of starting again from zero.</summary>
[GenerateSerializer, Alias("FloorFigures")]
public sealed class FloorFigures
{
    [Id(0)] public Dictionary<string, ActiveCall> Active { get; set; } = [];
    [Id(1)] public Dictionary<string, DateTimeOffset> TransferredAt { get; set; } = [];
    [Id(2)] public Dictionary<string, DateTimeOffset> AgentSince { get; set; } = [];
    [Id(3)] public Dictionary<string, AgentOnBoard> Agents { get; set; } = [];
    [Id(4)] public List<SupervisorAlert> Alerts { get; set; } = [];
    [Id(5)] public int Answered { get; set; }
    [Id(6)] public int AnsweredInTime { get; set; }
    [Id(7)] public int Transferred { get; set; }
    [Id(8)] public int Ended { get; set; }
    [Id(9)] public int Contained { get; set; }
    [Id(10)] public int Handled { get; set; }
    [Id(11)] public double HandleSeconds { get; set; }
}

/// <summary>
/// The wallboard's figures, folded from call events one at a time: the calls in progress with their mood, the agents
/// and their states, the service level, the average handle time, the AI containment rate and the recent alerts.
/// Counts are cumulative over the <see cref="FloorFigures"/> it is given (persisted by the wallboard grain).
/// </summary>
public sealed class FloorStatistics(int serviceLevelSeconds, FloorFigures figures)
{
    private const int AlertsKept = 20;

    /// <summary>True when the agent was not known yet (the caller may want to look up its name).</summary>
    public bool Apply(CallEvent e)
    {
        if (e.Kind == CallEventKind.AgentState)
        {
            var known = figures.Agents.TryGetValue(e.AgentId!, out var agent);
            var state = Enum.TryParse<AgentState>(e.Text, out var parsed) ? parsed : AgentState.Offline;
            figures.Agents[e.AgentId!] = new AgentOnBoard(e.AgentId!, agent?.Name ?? e.AgentId!, state, e.Time);
            return !known;
        }

        switch (e.Kind)
        {
            case CallEventKind.Started:
                figures.Active[e.CallId] = new ActiveCall(e.CallId, e.Channel, e.Status, e.Emotion?.Score ?? 0, e.Urgent, e.Time, null, e.Text);
                break;
            case CallEventKind.Ended:
                Close(e);
                break;
            case CallEventKind.Transferred:
                figures.Transferred++;
                figures.TransferredAt.TryAdd(e.CallId, e.Time);
                break;
            case CallEventKind.SupervisorAlert:
                figures.Alerts.Insert(0, new SupervisorAlert(e.CallId, e.Text ?? "urgent", e.Time));
                if (figures.Alerts.Count > AlertsKept) figures.Alerts.RemoveAt(figures.Alerts.Count - 1);
                break;
            case CallEventKind.AgentJoined:
                if (figures.TransferredAt.Remove(e.CallId, out var since))
                {
                    figures.Answered++;
                    if (e.Time - since <= TimeSpan.FromSeconds(serviceLevelSeconds)) figures.AnsweredInTime++;
                }

                figures.AgentSince[e.CallId] = e.Time;
                break;
            case CallEventKind.AgentLeft or CallEventKind.Requeued:
                // Handed back, or the agent dropped it: their handling ends here (the wait that follows is nobody's).
                EndHandling(e.CallId, e.Time);
                break;
        }

        if (figures.Active.TryGetValue(e.CallId, out var call) && e.Kind != CallEventKind.Ended)
        {
            figures.Active[e.CallId] = call with
            {
                Status = e.Status,
                Emotion = e.Emotion?.Score ?? call.Emotion,
                Urgent = call.Urgent || e.Urgent,
                AgentId = e.Kind switch
                {
                    CallEventKind.AgentJoined => e.AgentId,
                    CallEventKind.AgentLeft or CallEventKind.Requeued => null,
                    _ => call.AgentId,
                },
                LastText = e.Kind is CallEventKind.CallerTurn or CallEventKind.BotTurn or CallEventKind.AgentTurn ? e.Text : call.LastText,
            };
        }

        return false;
    }

    public void NameAgent(string agentId, string name)
    {
        if (figures.Agents.TryGetValue(agentId, out var agent))
        {
            figures.Agents[agentId] = agent with { Name = name };
        }
    }

    public Wallboard Snapshot(WaitingCall[] waiting) => new(
        [.. figures.Active.Values.OrderByDescending(c => c.Urgent).ThenBy(c => c.Emotion).ThenBy(c => c.StartedAt)],
        waiting,
        [.. figures.Agents.Values.Where(a => a.State != AgentState.Offline).OrderBy(a => a.Name, StringComparer.Ordinal)],
        figures.Answered == 0 ? null : Math.Round((double)figures.AnsweredInTime / figures.Answered, 3),
        figures.Handled == 0 ? null : Math.Round(figures.HandleSeconds / figures.Handled, 1),
        figures.Ended == 0 ? null : Math.Round((double)figures.Contained / figures.Ended, 3),
        figures.Ended, figures.Transferred, [.. figures.Alerts], serviceLevelSeconds);

    private void Close(CallEvent e)
    {
        figures.Active.Remove(e.CallId);
        figures.TransferredAt.Remove(e.CallId);
        EndHandling(e.CallId, e.Time);
        figures.Ended++;
        if (e.Text == nameof(CallOutcome.ResolvedByAi))
        {
            figures.Contained++;
        }
    }

    private void EndHandling(string callId, DateTimeOffset at)
    {
        if (figures.AgentSince.Remove(callId, out var since))
        {
            figures.Handled++;
            figures.HandleSeconds += (at - since).TotalSeconds;
        }
    }
}
