using CallCenter.Agents;
using CallCenter.Calls;

namespace CallCenter.Supervision;

/// <summary>
/// The wallboard's figures, folded from call events one at a time: the calls in progress with their mood, the agents
/// and their states, the service level, the average handle time, the AI containment rate and the recent alerts.
/// Counts start when the wallboard starts (a restarted wallboard counts from then).
/// </summary>
public sealed class FloorStatistics(int serviceLevelSeconds)
{
    private const int AlertsKept = 20;
    private readonly Dictionary<string, ActiveCall> _active = [];
    private readonly Dictionary<string, DateTimeOffset> _transferredAt = [];
    private readonly Dictionary<string, DateTimeOffset> _agentSince = [];
    private readonly Dictionary<string, AgentOnBoard> _agents = [];
    private readonly LinkedList<SupervisorAlert> _alerts = new();
    private int _answered;
    private int _answeredInTime;
    private int _transferred;
    private int _ended;
    private int _contained;
    private int _handled;
    private double _handleSeconds;

    /// <summary>True when the agent was not known yet (the caller may want to look up its name).</summary>
    public bool Apply(CallEvent e)
    {
        if (e.Kind == CallEventKind.AgentState)
        {
            var known = _agents.TryGetValue(e.AgentId!, out var agent);
            var state = Enum.TryParse<AgentState>(e.Text, out var parsed) ? parsed : AgentState.Offline;
            _agents[e.AgentId!] = new AgentOnBoard(e.AgentId!, agent?.Name ?? e.AgentId!, state, e.Time);
            return !known;
        }

        switch (e.Kind)
        {
            case CallEventKind.Started:
                _active[e.CallId] = new ActiveCall(e.CallId, e.Channel, e.Status, e.Emotion?.Score ?? 0, e.Urgent, e.Time, null, e.Text);
                break;
            case CallEventKind.Ended:
                Close(e);
                break;
            case CallEventKind.Transferred:
                _transferred++;
                _transferredAt.TryAdd(e.CallId, e.Time);
                break;
            case CallEventKind.SupervisorAlert:
                _alerts.AddFirst(new SupervisorAlert(e.CallId, e.Text ?? "urgent", e.Time));
                if (_alerts.Count > AlertsKept) _alerts.RemoveLast();
                break;
            case CallEventKind.AgentJoined:
                if (_transferredAt.Remove(e.CallId, out var since))
                {
                    _answered++;
                    if (e.Time - since <= TimeSpan.FromSeconds(serviceLevelSeconds)) _answeredInTime++;
                }

                _agentSince[e.CallId] = e.Time;
                break;
            case CallEventKind.AgentLeft or CallEventKind.Requeued:
                // Handed back, or the agent dropped it: their handling ends here (the wait that follows is nobody's).
                EndHandling(e.CallId, e.Time);
                break;
        }

        if (_active.TryGetValue(e.CallId, out var call) && e.Kind != CallEventKind.Ended)
        {
            _active[e.CallId] = call with
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
        if (_agents.TryGetValue(agentId, out var agent))
        {
            _agents[agentId] = agent with { Name = name };
        }
    }

    public Wallboard Snapshot(WaitingCall[] waiting) => new(
        [.. _active.Values.OrderByDescending(c => c.Urgent).ThenBy(c => c.Emotion).ThenBy(c => c.StartedAt)],
        waiting,
        [.. _agents.Values.Where(a => a.State != AgentState.Offline).OrderBy(a => a.Name, StringComparer.Ordinal)],
        _answered == 0 ? null : Math.Round((double)_answeredInTime / _answered, 3),
        _handled == 0 ? null : Math.Round(_handleSeconds / _handled, 1),
        _ended == 0 ? null : Math.Round((double)_contained / _ended, 3),
        _ended, _transferred, [.. _alerts], serviceLevelSeconds);

    private void Close(CallEvent e)
    {
        _active.Remove(e.CallId);
        _transferredAt.Remove(e.CallId);
        EndHandling(e.CallId, e.Time);
        _ended++;
        if (e.Text == nameof(CallOutcome.ResolvedByAi))
        {
            _contained++;
        }
    }

    private void EndHandling(string callId, DateTimeOffset at)
    {
        if (_agentSince.Remove(callId, out var since))
        {
            _handled++;
            _handleSeconds += (at - since).TotalSeconds;
        }
    }
}
