using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CallCenter.Tests.Agents;

/// <summary>The wallboard's figures, folded from a scripted sequence of call events.</summary>
public sealed class FloorStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FloorFigures _figures = new();
    private readonly FloorStatistics _floor;

    public FloorStatisticsTests() => _floor = new FloorStatistics(serviceLevelSeconds: 20, _figures);

    private void At(double seconds, string callId, CallEventKind kind, CallStatus status = CallStatus.Active, string? text = null,
        double? emotion = null, bool urgent = false, string? agentId = null) =>
        _floor.Apply(new CallEvent(callId, kind, T0.AddSeconds(seconds), CallChannel.Chat, status, text, null,
            emotion is null ? null : new EmotionState(emotion.Value, 0), urgent, agentId));

    private Wallboard Board => _floor.Snapshot([]);

    [Fact]
    public void Nothing_is_rated_before_anything_happened()
    {
        var board = Board;
        Assert.Empty(board.ActiveCalls);
        Assert.Null(board.ServiceLevel);
        Assert.Null(board.AverageHandleSeconds);
        Assert.Null(board.Containment);
        Assert.Equal(0, board.CallsEnded);
        Assert.Equal(20, board.ServiceLevelSeconds);
    }

    [Fact]
    public void Active_calls_appear_follow_their_mood_status_and_agent_and_disappear_when_they_end()
    {
        At(0, "a", CallEventKind.Started, text: "Hi");
        At(1, "b", CallEventKind.Started, text: "Hi");
        Assert.Equal(["a", "b"], Board.ActiveCalls.Select(c => c.CallId));

        At(2, "a", CallEventKind.CallerTurn, text: "this is terrible", emotion: -0.7);
        At(3, "a", CallEventKind.Transferred, CallStatus.WaitingForAgent, "caller asked", emotion: -0.7);
        var a = Board.ActiveCalls.Single(c => c.CallId == "a");
        Assert.Equal(-0.7, a.Emotion);
        Assert.Equal(CallStatus.WaitingForAgent, a.Status);
        Assert.Equal("this is terrible", a.LastText);
        Assert.Equal("a", Board.ActiveCalls[0].CallId); // the most upset first

        At(4, "b", CallEventKind.SupervisorAlert, text: "legal threat", urgent: true);
        Assert.Equal("b", Board.ActiveCalls[0].CallId); // urgent before upset
        Assert.True(Board.ActiveCalls[0].Urgent);

        At(5, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, "Alice", agentId: "alice");
        var joined = Board.ActiveCalls.Single(c => c.CallId == "a");
        Assert.Equal("alice", joined.AgentId);
        Assert.Equal(CallStatus.WithAgent, joined.Status);
        Assert.Equal(-0.7, joined.Emotion); // an event without an emotion keeps the last one

        At(6, "a", CallEventKind.AgentTurn, CallStatus.WithAgent, "Let me check.", agentId: "alice");
        Assert.Equal("Let me check.", Board.ActiveCalls.Single(c => c.CallId == "a").LastText);

        At(7, "a", CallEventKind.Requeued, CallStatus.WaitingForAgent, "we lost your agent", agentId: "alice");
        Assert.Null(Board.ActiveCalls.Single(c => c.CallId == "a").AgentId);

        At(8, "a", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.Abandoned));
        Assert.Equal(["b"], Board.ActiveCalls.Select(c => c.CallId));
    }

    [Fact]
    public void Service_level_counts_answered_transfers_within_and_beyond_the_target()
    {
        // a: answered after 15 s (within 20); b: after 30 s (beyond); c: abandoned before anyone answered (not counted);
        // d: a supervisor took it without a transfer (not counted).
        At(0, "a", CallEventKind.Started);
        At(10, "a", CallEventKind.Transferred, CallStatus.WaitingForAgent);
        At(25, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "x");
        At(0, "b", CallEventKind.Started);
        At(30, "b", CallEventKind.Transferred, CallStatus.WaitingForAgent);
        At(60, "b", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "y");
        At(0, "c", CallEventKind.Started);
        At(40, "c", CallEventKind.Transferred, CallStatus.WaitingForAgent);
        At(90, "c", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.Abandoned));
        At(0, "d", CallEventKind.Started);
        At(5, "d", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "boss");

        var board = Board;
        Assert.Equal(0.5, board.ServiceLevel);
        Assert.Equal(3, board.Transferred);
    }

    [Fact]
    public void An_answer_exactly_at_the_target_is_within_it()
    {
        At(0, "a", CallEventKind.Started);
        At(10, "a", CallEventKind.Transferred, CallStatus.WaitingForAgent);
        At(30, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "x");
        Assert.Equal(1.0, Board.ServiceLevel);
    }

    [Fact]
    public void Handle_time_runs_from_the_agent_taking_the_call_to_handing_it_back_or_the_end()
    {
        At(0, "a", CallEventKind.Started);
        At(10, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "x");
        At(70, "a", CallEventKind.AgentLeft, CallStatus.Active, agentId: "x"); // handed back: 60 s
        At(80, "a", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.ResolvedByAi));
        At(0, "b", CallEventKind.Started);
        At(20, "b", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "y");
        At(40, "b", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.ResolvedByAgent)); // closed: 20 s

        Assert.Equal(40, Board.AverageHandleSeconds);
    }

    [Fact]
    public void An_agent_who_drops_a_call_stops_the_handle_time_there()
    {
        At(0, "a", CallEventKind.Started);
        At(10, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, agentId: "x");
        At(20, "a", CallEventKind.Requeued, CallStatus.WaitingForAgent, agentId: "x"); // 10 s with x
        At(200, "a", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.Abandoned)); // the wait after is nobody's handling

        Assert.Equal(10, Board.AverageHandleSeconds);
    }

    [Fact]
    public void Containment_is_the_share_of_ended_calls_the_ai_resolved()
    {
        foreach (var (id, outcome) in new[] { ("a", CallOutcome.ResolvedByAi), ("b", CallOutcome.ResolvedByAgent), ("c", CallOutcome.Abandoned), ("d", CallOutcome.ResolvedByAi) })
        {
            At(0, id, CallEventKind.Started);
            At(1, id, CallEventKind.Ended, CallStatus.Ended, outcome.ToString());
        }

        At(0, "e", CallEventKind.Started); // still going: not counted
        var board = Board;
        Assert.Equal(0.5, board.Containment);
        Assert.Equal(4, board.CallsEnded);
    }

    [Fact]
    public void Alerts_are_newest_first_and_only_the_last_twenty_are_kept()
    {
        for (var i = 0; i < 25; i++)
        {
            At(i, $"call-{i}", CallEventKind.SupervisorAlert, text: $"reason {i}", urgent: true);
        }

        var alerts = Board.Alerts;
        Assert.Equal(20, alerts.Length);
        Assert.Equal("call-24", alerts[0].CallId);
        Assert.Equal("reason 24", alerts[0].Reason);
        Assert.Equal("call-5", alerts[^1].CallId);
        Assert.Equal(T0.AddSeconds(24), alerts[0].Time);
    }

    [Fact]
    public void Agents_show_their_latest_state_and_name_and_signed_out_agents_leave_the_board()
    {
        Assert.True(_floor.Apply(AgentEvent(0, "bob", AgentState.Available)));
        Assert.False(_floor.Apply(AgentEvent(1, "bob", AgentState.Busy))); // known by now
        _floor.NameAgent("bob", "Bob");
        _floor.NameAgent("nobody", "Nobody"); // not on the board: ignored
        Assert.True(_floor.Apply(AgentEvent(2, "amy", AgentState.WrapUp)));
        _floor.NameAgent("amy", "Amy");

        var agents = Board.Agents;
        Assert.Equal(["Amy", "Bob"], agents.Select(a => a.Name));
        Assert.Equal(AgentState.Busy, agents[1].State);
        Assert.Equal(T0.AddSeconds(1), agents[1].Since);
        Assert.Equal(AgentState.WrapUp, agents[0].State);

        _floor.Apply(AgentEvent(3, "amy", AgentState.Offline));
        Assert.Equal(["Bob"], Board.Agents.Select(a => a.Name));
        _floor.Apply(AgentEvent(4, "amy", AgentState.Available));
        Assert.Equal("Amy", Board.Agents.Single(a => a.AgentId == "amy").Name); // the name stays across states
    }

    [Fact]
    public void An_agent_state_event_names_no_call_and_does_not_touch_the_calls()
    {
        At(0, "a", CallEventKind.Started);
        _floor.Apply(AgentEvent(1, "bob", AgentState.Available) with { CallId = "a" });
        Assert.Null(Board.ActiveCalls.Single().AgentId);
        Assert.Equal(CallStatus.Active, Board.ActiveCalls.Single().Status);
    }

    [Fact]
    public void The_waiting_calls_come_from_the_queue()
    {
        var waiting = new WaitingCall("w", Language.En, "ecommerce", false, 0, T0, CallChannel.Chat);
        Assert.Equal([waiting], _floor.Snapshot([waiting]).Waiting);
    }

    private static CallEvent AgentEvent(double seconds, string agentId, AgentState state) =>
        new("", CallEventKind.AgentState, T0.AddSeconds(seconds), CallChannel.Chat, CallStatus.Active, state.ToString(), null, null, false, agentId);

    [Fact]
    public void Figures_stored_and_read_back_by_a_new_wallboard_carry_on_counting()
    {
        At(0, "a", CallEventKind.Started);
        At(1, "a", CallEventKind.Transferred, CallStatus.WaitingForAgent, "caller asked");
        At(5, "a", CallEventKind.AgentJoined, CallStatus.WithAgent, "Alice", agentId: "alice");
        At(2, "b", CallEventKind.Started);
        At(3, "b", CallEventKind.SupervisorAlert, text: "legal threat", urgent: true);
        At(65, "a", CallEventKind.Ended, CallStatus.Ended, nameof(CallOutcome.ResolvedByAgent));
        var before = Board;

        // What the wallboard grain's storage does with them: the Orleans serializer, both ways.
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var restored = new FloorStatistics(20, serializer.Deserialize<FloorFigures>(serializer.SerializeToArray(_figures))!);

        var after = restored.Snapshot([]);
        Assert.Equal(before.ActiveCalls, after.ActiveCalls);
        Assert.Equal(before.Alerts, after.Alerts);
        Assert.Equal(((double?)1.0, (double?)60.0, (double?)0.0, 1, 1), (after.ServiceLevel, after.AverageHandleSeconds, after.Containment, after.CallsEnded, after.Transferred));

        restored.Apply(new CallEvent("b", CallEventKind.Ended, T0.AddSeconds(70), CallChannel.Chat, CallStatus.Ended,
            nameof(CallOutcome.ResolvedByAi), null, null, false, null));
        Assert.Equal((2, (double?)0.5), (restored.Snapshot([]).CallsEnded, restored.Snapshot([]).Containment));
        Assert.Empty(restored.Snapshot([]).ActiveCalls);
    }
}
