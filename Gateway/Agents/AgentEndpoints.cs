using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Live;
using CallCenter.Gateway.Security;

namespace CallCenter.Gateway.Agents;

/// <summary>
/// The agent desktop's API under /api/agents/{id}: sign in, state, offers (accept, decline), the call (messages,
/// suggestions, hand back, close with a disposition), supervisors' take-over, and a live event stream.
/// </summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/agents/{id}");
        agents.MapPost("/sign-in", (string id, HttpContext http, AgentDesk desk) => Body(http, (SignInRequest body) => desk.SignInAsync(id, body))).RequireAccess(Surface.AgentDesk);
        agents.MapPost("/state", (string id, HttpContext http, AgentDesk desk) => Body(http, (AgentStateRequest body) => desk.SetStateAsync(id, body))).RequireAccess(Surface.AgentOversight);
        agents.MapGet("", async (string id, AgentDesk desk) => Reply(await desk.GetAsync(id))).RequireAccess(Surface.AgentOversight);
        agents.MapPost("/accept", (string id, HttpContext http, AgentDesk desk) => Body(http, (CallIdRequest body) => desk.AcceptAsync(id, body))).RequireAccess(Surface.AgentDesk);
        agents.MapPost("/decline", (string id, HttpContext http, AgentDesk desk) => Body(http, (CallIdRequest body) => desk.DeclineAsync(id, body))).RequireAccess(Surface.AgentDesk);
        agents.MapPost("/take-over", (string id, HttpContext http, AgentDesk desk) => Body(http, (CallIdRequest body) => desk.TakeOverAsync(id, body))).RequireAccess(Surface.TakeOver);
        agents.MapPost("/messages", (string id, HttpContext http, AgentDesk desk) => Body(http, (AgentMessageRequest body) => desk.SayAsync(id, body))).RequireAccess(Surface.AgentDesk);
        agents.MapGet("/suggestions", async (string id, AgentDesk desk) => Reply(await desk.SuggestionsAsync(id))).RequireAccess(Surface.AgentDesk);
        agents.MapPost("/hand-back", async (string id, AgentDesk desk) => Reply(await desk.HandBackAsync(id))).RequireAccess(Surface.AgentDesk);
        agents.MapPost("/close", (string id, HttpContext http, AgentDesk desk) => Body(http, (CloseRequest body) => desk.CloseAsync(id, body))).RequireAccess(Surface.AgentDesk);
        agents.MapGet("/events", FollowAsync).RequireAccess(Surface.AgentDesk).WithLimits(Limit.Connections);
        return app;
    }

    /// <summary>
    /// The agent's live feed: "agent" (their state and any offer, with the call's context) whenever it changes, and
    /// "call" (each event of the call they are on: the caller's words, their own, the end); after the first "agent",
    /// one "clock".
    /// </summary>
    private static async Task FollowAsync(string id, HttpContext http, AgentDesk desk, LiveCallEvents live, AgentPresence presence, TimeProvider time)
    {
        var first = await desk.GetAsync(id);
        if (first.Problem is { } problem)
        {
            await ChatEndpoints.Error(problem).ExecuteAsync(http);
            return;
        }

        using var follower = await live.FollowAsync();
        var sse = await ServerSentEvents.StartAsync(http.Response);
        var aborted = http.RequestAborted;
        presence.Connected(id);
        try
        {
            var agent = first.Value!;
            await sse.SendAsync("agent", agent, aborted);
            await sse.SendClockAsync(time, aborted);
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(TimeSpan.FromSeconds(15));
                CallEvent e;
                try
                {
                    e = await follower.Events.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await sse.KeepAliveAsync(aborted);
                    continue;
                }

                if (e.AgentId == id || (agent.CallId is not null && e.CallId == agent.CallId))
                {
                    if (e.CallId.Length > 0 && e.CallId == agent.CallId)
                    {
                        await sse.SendAsync("call", e, aborted);
                    }

                    if (e.AgentId == id && (await desk.GetAsync(id)).Value is { } changed)
                    {
                        agent = changed;
                        await sse.SendAsync("agent", agent, aborted);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        finally
        {
            presence.Closed(id);
        }
    }

    private static async Task<IResult> Body<TRequest, TResult>(HttpContext http, Func<TRequest, Task<ApiResult<TResult>>> action) where TRequest : class
    {
        var body = await JsonBody.ReadAsync<TRequest>(http.Request);
        return body.Problem is not null ? ChatEndpoints.Error(body.Problem) : Reply(await action(body.Value!));
    }

    private static IResult Reply<T>(ApiResult<T> result) =>
        result.Problem is { } problem ? ChatEndpoints.Error(problem) : Results.Json(result.Value, ApiJson.Options);
}
