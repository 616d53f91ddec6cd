using System.Globalization;
using System.Text.Json;

namespace CallCenter.Gateway.Security;

/// <summary>
/// How a refusal is answered over HTTP: application/problem+json (RFC 9457) with the API's own <c>error</c> field beside
/// <c>detail</c>, so API clients and the pages read the same text; 401 carries a WWW-Authenticate challenge and 429 a
/// Retry-After. A browser asking for a page it may not see gets the sign-in page with the same status instead.
/// </summary>
public static class AccessAnswers
{
    public const string ProblemJson = "application/problem+json";

    public static Task WriteAsync(HttpContext http, int status, string detail, int? retryAfterSeconds = null)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"callcenter\"";
        }

        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (WantsPage(http.Request) && status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            return SignInPage.WriteAsync(http, detail);
        }

        response.ContentType = ProblemJson;
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpwg.org/specs/rfc9110.html#status.{status}",
            ["title"] = Title(status),
            ["status"] = status,
            ["detail"] = detail,
            ["error"] = detail,
        };
        if (retryAfterSeconds is { } retry)
        {
            problem["retryAfter"] = retry;
        }

        return response.WriteAsync(JsonSerializer.Serialize(problem, Chat.ApiJson.Options));
    }

    /// <summary>A person's browser navigating to a page (not a script's fetch, an event stream or a WebSocket).</summary>
    private static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.HttpContext.WebSockets.IsWebSocketRequest
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/api");

    private static string Title(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Sign-in required",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status413PayloadTooLarge => "Too large",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        _ => "Refused",
    };
}
