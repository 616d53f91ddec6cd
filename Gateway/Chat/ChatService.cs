using CallCenter.Calls;
using CallCenter.Gateway.Admission;
using CallCenter.Storage;

namespace CallCenter.Gateway.Chat;

/// <summary>
/// The text channel's operations, shared by the HTTP API and the chat WebSocket: validates input, calls the call
/// grain, and turns every failure into an <see cref="ApiProblem"/> with a status code and a plain message.
/// </summary>
public sealed class ChatService(IGrainFactory grains, CallAdmission admission, Security.CallerTokens callerTokens, ILogger<ChatService> logger)
{
    public async Task<ApiResult<CallStartedResponse>> StartAsync(StartCallRequest request)
    {
        if (!ApiJson.TryParseEnum<CallChannel>(request.Channel, "channel", out var channel, out var problem)
            || !ApiJson.TryParseEnum<Language>(request.Language, "language", out var language, out problem))
        {
            return ApiProblem.BadRequest(problem!);
        }

        if (request.CustomerPhone is { Length: > 32 })
        {
            return ApiProblem.BadRequest("'customerPhone' is longer than 32 characters.");
        }

        // A new call is admitted only while the cluster has room; calls in progress are never refused.
        using var ticket = await admission.AdmitAsync(channel ?? CallChannel.Chat);
        if (ticket.Refusal is { } busy)
        {
            return ApiProblem.Busy(busy);
        }

        var callId = Guid.NewGuid().ToString("N");
        return await CallGrainAsync(callId, async call =>
        {
            var started = await call.StartAsync(new StartCall(channel ?? CallChannel.Chat, language, request.CustomerPhone));
            ticket.Started(started.Counted);
            return new CallStartedResponse(started.CallId, started.Greeting, started.Language, started.CustomerId, callerTokens.Issue(started.CallId));
        });
    }

    /// <param name="listener">Receives the reply's sentences as they are produced (the chat WebSocket), or null.</param>
    public Task<ApiResult<TurnResponse>> SendAsync(string callId, MessageRequest request, Llm.IReplyListener? listener = null)
    {
        if (CallerInput.Problem(request.Text) is { } problem)
        {
            return Task.FromResult<ApiResult<TurnResponse>>(problem.Contains("limit", StringComparison.Ordinal)
                ? ApiProblem.TooLarge(problem)
                : ApiProblem.BadRequest(problem));
        }

        return CallGrainAsync(callId, async call => (await call.HandleCallerInputAsync(new CallerInput(request.Text!, Listener: listener))).ToResponse());
    }

    /// <summary>
    /// Registers a chat connection for the call's agent messages; false when the call does not exist or the engine
    /// cannot take it now (the connection tries again with its next message).
    /// </summary>
    public async Task<bool> ListenAsync(string callId, Llm.IReplyListener listener)
    {
        try
        {
            await grains.GetGrain<ICallGrain>(callId).ListenAsync(listener);
            return true;
        }
        catch (CallNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ApiProblem.ForEngineFailure(ex) is not null)
        {
            logger.LogWarning(ex, "Call {CallId}: its chat connection could not listen for agent messages now; it tries again with its next message.", callId);
            return false;
        }
    }

    public Task<ApiResult<CallResponse>> GetAsync(string callId) =>
        CallGrainAsync(callId, async call => (await call.GetSnapshotAsync()).ToResponse());

    public Task<ApiResult<CallResponse>> HangUpAsync(string callId) =>
        CallGrainAsync(callId, async call => (await call.HangUpAsync()).ToResponse());

    public async Task<ApiResult<CallListResponse>> ListAsync(string? status, int? limit)
    {
        if (!ApiJson.TryParseEnum<CallStatus>(status, "status", out var parsed, out var problem))
        {
            return ApiProblem.BadRequest(problem!);
        }

        if (limit is < 1 or > 1000)
        {
            return ApiProblem.BadRequest("'limit' must be between 1 and 1000.");
        }

        try
        {
            var calls = await grains.GetGrain<ICallRecordsGrain>(0).ListAsync(parsed, limit ?? 100);
            return new CallListResponse([.. calls.Select(c => c with { EmotionScore = Math.Round(c.EmotionScore, 3) })]);
        }
        catch (Exception ex) when (ApiProblem.ForEngineFailure(ex) is { } failed)
        {
            logger.LogError(ex, "The call list could not be read.");
            return failed;
        }
    }

    private async Task<ApiResult<T>> CallGrainAsync<T>(string callId, Func<ICallGrain, Task<T>> action)
    {
        if (!IsValidCallId(callId))
        {
            return ApiProblem.NotFound($"No call with id '{Truncate(callId)}'.");
        }

        try
        {
            return await action(grains.GetGrain<ICallGrain>(callId));
        }
        catch (Exception ex) when (ApiProblem.ForGrainFailure(ex, stateConflicts: false) is { } problem)
        {
            return problem;
        }
        catch (Exception ex) when ((ApiProblem.ForEngineFailure(ex) ?? (ex is InvalidOperationException ? ApiProblem.EngineUnavailable : null)) is { } problem)
        {
            logger.LogError(ex, "Call {CallId}: the engine failed to handle the request.", callId);
            return problem;
        }
    }

    /// <summary>Call ids are what this gateway issues (32 hex digits) or what telephony gives (UUIDs, SIDs): short and plain.</summary>
    private static bool IsValidCallId(string callId) =>
        callId.Length is > 0 and <= 64 && callId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

/// <summary>
/// An API error: an HTTP status and a message that says what is wrong; <paramref name="RetryAfterSeconds"/> (a busy
/// answer) becomes the Retry-After header, and "retryAfter" on the WebSockets.
/// </summary>
public sealed record ApiProblem(int Status, string Error, int? RetryAfterSeconds = null)
{
    public static ApiProblem BadRequest(string error) => new(StatusCodes.Status400BadRequest, error);
    public static ApiProblem NotFound(string error) => new(StatusCodes.Status404NotFound, error);
    public static ApiProblem Conflict(string error) => new(StatusCodes.Status409Conflict, error);
    public static ApiProblem TooLarge(string error) => new(StatusCodes.Status413PayloadTooLarge, error);
    public static ApiProblem UnsupportedMediaType(string error) => new(StatusCodes.Status415UnsupportedMediaType, error);
    public static ApiProblem Unavailable(string error) => new(StatusCodes.Status503ServiceUnavailable, error);
    public static ApiProblem TooManyRequests(string error, int retryAfterSeconds) => new(StatusCodes.Status429TooManyRequests, error, retryAfterSeconds);

    /// <summary>The cluster is at capacity: 503 with Retry-After; nothing was started.</summary>
    public static ApiProblem Busy(AdmissionRefusal refusal) => new(StatusCodes.Status503ServiceUnavailable, refusal.Message, refusal.RetryAfterSeconds);

    /// <summary>The engine could not do it now (a silo died or is leaving, an answer came too late); a retry may succeed.</summary>
    public static readonly ApiProblem EngineUnavailable =
        Unavailable("The engine could not handle this request right now; nothing was changed. Please retry.");

    /// <summary>A store the engine keeps calls in failed (<see cref="StoreUnavailableException"/>).</summary>
    public static readonly ApiProblem StoreUnavailable =
        Unavailable("The engine's store is unavailable right now; nothing was changed. Please retry in a few seconds.");

    /// <summary>
    /// The answer to the engine's own failure, which the caller logs (once): 503, saying whether a store failed. Null
    /// for anything else, a fault of the engine that stays a 500.
    /// </summary>
    public static ApiProblem? ForEngineFailure(Exception failure) => failure switch
    {
        StoreUnavailableException => StoreUnavailable,
        TimeoutException or OrleansException => EngineUnavailable,
        _ => null,
    };

    /// <summary>
    /// The answer to a failure a grain reported about the request (unknown call or agent, an ended call, bad input), or
    /// null when it is the engine's own failure (the caller logs it and answers 503). <paramref name="stateConflicts"/>:
    /// an InvalidOperationException means "not possible in this state" (409) rather than an engine failure.
    /// </summary>
    public static ApiProblem? ForGrainFailure(Exception failure, bool stateConflicts) => failure switch
    {
        CallNotFoundException or CallCenter.Agents.AgentNotFoundException => NotFound(failure.Message),
        CallEndedException or CallAlreadyStartedException => Conflict(failure.Message),
        InvalidOperationException when stateConflicts => Conflict(failure.Message),
        ArgumentException => BadRequest(failure.Message),
        _ => null,
    };
}

/// <summary>Either a value or an <see cref="ApiProblem"/>.</summary>
public readonly struct ApiResult<T>
{
    private ApiResult(T? value, ApiProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public ApiProblem? Problem { get; }

    public static implicit operator ApiResult<T>(T value) => new(value, null);

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}
