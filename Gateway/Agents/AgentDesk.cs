using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;

namespace CallCenter.Gateway.Agents;

/// <summary>
/// The agent desktop's operations, shared by the HTTP API and the pages: validates input, calls the agent grain, and
/// turns failures into plain answers (404 unknown agent, 409 not possible in the agent's state, 400 bad input).
/// </summary>
public sealed class AgentDesk(IGrainFactory grains, ILogger<AgentDesk> logger)
{
    public Task<ApiResult<AgentSnapshot>> SignInAsync(string agentId, SignInRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return Task.FromResult<ApiResult<AgentSnapshot>>(ApiProblem.BadRequest("'name' is required (at most 100 characters)."));
        }

        var languages = new List<Language>();
        foreach (var text in request.Languages ?? ["en"])
        {
            if (!ApiJson.TryParseEnum<Language>(text, "languages", out var language, out var problem) || language is null)
            {
                return Task.FromResult<ApiResult<AgentSnapshot>>(ApiProblem.BadRequest(problem ?? "'languages' holds an empty value."));
            }

            languages.Add(language!.Value);
        }

        var domains = (request.Domains ?? []).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim().ToLowerInvariant()).ToArray();
        return AgentAsync(agentId, agent => agent.SignInAsync(new AgentProfile(request.Name.Trim(), [.. languages.Distinct()], domains)));
    }

    public Task<ApiResult<AgentSnapshot>> SetStateAsync(string agentId, AgentStateRequest request) =>
        ApiJson.TryParseEnum<AgentState>(request.State, "state", out var state, out var problem) && state is not null
            ? AgentAsync(agentId, agent => agent.SetStateAsync(state.Value))
            : Task.FromResult<ApiResult<AgentSnapshot>>(ApiProblem.BadRequest(problem ?? "'state' is required: available or offline."));

    public Task<ApiResult<AgentSnapshot>> GetAsync(string agentId) => AgentAsync(agentId, agent => agent.GetAsync());

    public Task<ApiResult<CallContext>> AcceptAsync(string agentId, CallIdRequest request) =>
        WithCallId(request, callId => AgentAsync(agentId, agent => agent.AcceptAsync(callId)));

    public Task<ApiResult<CallContext>> TakeOverAsync(string agentId, CallIdRequest request) =>
        WithCallId(request, callId => AgentAsync(agentId, agent => agent.TakeOverAsync(callId)));

    public Task<ApiResult<AgentSnapshot>> DeclineAsync(string agentId, CallIdRequest request) =>
        WithCallId(request, callId => AgentAsync(agentId, async agent =>
        {
            await agent.DeclineAsync(callId);
            return await agent.GetAsync();
        }));

    public Task<ApiResult<AgentSnapshot>> SayAsync(string agentId, AgentMessageRequest request) =>
        CallerInput.Problem(request.Text) is { } problem
            ? Task.FromResult<ApiResult<AgentSnapshot>>(ApiProblem.BadRequest(problem))
            : AgentAsync(agentId, async agent =>
            {
                await agent.SayAsync(request.Text!);
                return await agent.GetAsync();
            });

    public Task<ApiResult<string[]>> SuggestionsAsync(string agentId) => AgentAsync(agentId, agent => agent.SuggestionsAsync());

    public Task<ApiResult<AgentSnapshot>> HandBackAsync(string agentId) => AgentAsync(agentId, async agent =>
    {
        await agent.HandBackAsync();
        return await agent.GetAsync();
    });

    public Task<ApiResult<AgentSnapshot>> CloseAsync(string agentId, CloseRequest request) =>
        ApiJson.TryParseEnum<Disposition>(request.Disposition, "disposition", out var disposition, out var problem) && disposition is not null
            ? AgentAsync(agentId, async agent =>
            {
                await agent.CloseAsync(disposition.Value, request.Note);
                return await agent.GetAsync();
            })
            : Task.FromResult<ApiResult<AgentSnapshot>>(ApiProblem.BadRequest(problem ?? "'disposition' is required: resolved, follow_up, escalated or not_resolved."));

    public Task DisconnectedAsync(string agentId) => grains.GetGrain<IAgentGrain>(agentId).DisconnectedAsync();

    private static Task<ApiResult<T>> WithCallId<T>(CallIdRequest request, Func<string, Task<ApiResult<T>>> action) =>
        string.IsNullOrWhiteSpace(request.CallId)
            ? Task.FromResult<ApiResult<T>>(ApiProblem.BadRequest("'callId' is required."))
            : action(request.CallId.Trim());

    private async Task<ApiResult<T>> AgentAsync<T>(string agentId, Func<IAgentGrain, Task<T>> action)
    {
        if (agentId.Length is 0 or > 64 || !agentId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return ApiProblem.BadRequest("An agent id is 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        try
        {
            return await action(grains.GetGrain<IAgentGrain>(agentId));
        }
        catch (Exception ex) when (ApiProblem.ForGrainFailure(ex, stateConflicts: true) is { } problem)
        {
            return problem;
        }
        catch (Exception ex) when (ApiProblem.ForEngineFailure(ex) is { } problem)
        {
            logger.LogError(ex, "Agent {AgentId}: the engine failed to handle the request.", agentId);
            return problem;
        }
    }
}
