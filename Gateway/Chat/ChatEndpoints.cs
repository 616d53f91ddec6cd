using System.Globalization;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;

namespace CallCenter.Gateway.Chat;

/// <summary>The text channel over HTTP: start a call, send messages, read it, hang up, list calls.</summary>
public static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/calls");

        calls.MapPost("", async (HttpContext http, ChatService chat) =>
        {
            var body = await JsonBody.ReadAsync(http.Request, whenEmpty: () => new StartCallRequest(null, null, null));
            if (body.Problem is not null)
            {
                return Error(body.Problem);
            }

            var result = await chat.StartAsync(body.Value!);
            return result.Problem is { } problem
                ? Error(problem)
                : Results.Json(result.Value, ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }).RequireAccess(Surface.CallStart).WithLimits(Limit.CallStart);

        calls.MapPost("/{id}/messages", async (string id, HttpContext http, ChatService chat) =>
        {
            var body = await JsonBody.ReadAsync<MessageRequest>(http.Request);
            return body.Problem is not null ? Error(body.Problem) : Reply(await chat.SendAsync(id, body.Value!));
        }).RequireAccess(Surface.CallTalk);

        calls.MapGet("/{id}", async (string id, ChatService chat) => Reply(await chat.GetAsync(id))).RequireAccess(Surface.CallRead);

        calls.MapPost("/{id}/hangup", async (string id, ChatService chat) => Reply(await chat.HangUpAsync(id))).RequireAccess(Surface.CallHangUp);

        calls.MapGet("", async (HttpRequest request, ChatService chat) =>
        {
            var limitText = request.Query["limit"].ToString();
            int? limit = null;
            if (limitText.Length > 0)
            {
                if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Error(ApiProblem.BadRequest($"'limit' must be a whole number; got '{limitText}'."));
                }

                limit = parsed;
            }

            var status = request.Query["status"].ToString();
            return Reply(await chat.ListAsync(status.Length == 0 ? null : status, limit));
        }).RequireAccess(Surface.CallList);

        return app;
    }

    private static IResult Reply<T>(ApiResult<T> result) =>
        result.Problem is { } problem ? Error(problem) : Results.Json(result.Value, ApiJson.Options);

    public static IResult Error(ApiProblem problem)
    {
        var json = Results.Json(new ErrorResponse(problem.Error), ApiJson.Options, statusCode: problem.Status);
        return problem.RetryAfterSeconds is { } seconds ? new RetryAfter(json, seconds) : json;
    }

    /// <summary>Adds Retry-After (in seconds) to an answer.</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
