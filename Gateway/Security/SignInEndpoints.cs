using System.Security.Claims;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>Body of POST /api/auth/token.</summary>
public sealed record TokenRequest(string? User, string? Password);

/// <summary>A staff bearer token: send it as <c>Authorization: Bearer {Token}</c> until <c>ExpiresAt</c>.</summary>
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string[] Roles, string? AgentId);

/// <summary>Who is signed in: GET /api/auth/me.</summary>
public sealed record SessionResponse(string Name, string[] Roles, string? AgentId, string? CallId);

/// <summary>
/// Signing in: the page and its form (/sign-in, a cookie for the pages), signing out, a bearer token for programs
/// (POST /api/auth/token, the same users and passwords), and who the request is from (GET /api/auth/me). Attempts are
/// limited per source address (the rate limiter) and per user name (here, where the name is known).
/// </summary>
public static class SignInEndpoints
{
    private const string WrongCredentials = "Wrong user name or password.";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sign-in", (HttpContext http) => SignInPage.WriteAsync(http, null, http.Request.Query["returnUrl"].ToString()))
            .RequireAccess(Surface.Public);
        app.MapPost("/sign-in", SignInAsync).RequireAccess(Surface.Public).WithLimits(Limit.SignIn);
        app.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(AuthenticationSchemes.Cookie);
            return Results.Redirect("/sign-in", permanent: false, preserveMethod: false);
        }).RequireAccess(Surface.Public);
        app.MapGet("/api/auth/me", (ClaimsPrincipal user) => Results.Json(new SessionResponse(
            user.Identity!.Name!, [.. user.FindAll(ClaimTypes.Role).Select(r => r.Value)], user.FindFirst(CallCenterClaims.AgentId)?.Value,
            user.FindFirst(CallCenterClaims.CallId)?.Value), ApiJson.Options)).RequireAccess(Surface.Session);
        app.MapPost("/api/auth/token", TokenAsync).RequireAccess(Surface.Public).WithLimits(Limit.SignIn);
        return app;
    }

    private static async Task SignInAsync(HttpContext http, StaffDirectory directory, RateLimits limits, ILogger<StaffDirectory> logger)
    {
        if (!SecurityExtensions.SameOrigin(http.Request) || !http.Request.HasFormContentType)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await SignInPage.WriteAsync(http, "Sign in with the form on this page.", "/");
            return;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = SignInPage.LocalOrHome(form["returnUrl"].ToString());
        var (principal, problem, status) = Check(http, directory, limits, logger, form["user"].ToString(), form["password"].ToString(), AuthenticationSchemes.Cookie);
        if (principal is null)
        {
            http.Response.StatusCode = status;
            await SignInPage.WriteAsync(http, problem, returnUrl);
            return;
        }

        await http.SignInAsync(AuthenticationSchemes.Cookie, principal);
        http.Response.Redirect(returnUrl);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    private static async Task<IResult> TokenAsync(HttpContext http, StaffDirectory directory, RateLimits limits, SignedTokens tokens, IOptions<SecurityOptions> options,
        TimeProvider time, ILogger<StaffDirectory> logger)
    {
        var body = await JsonBody.ReadAsync<TokenRequest>(http.Request);
        if (body.Problem is not null)
        {
            return ChatEndpoints.Error(body.Problem);
        }

        var (principal, problem, status) = Check(http, directory, limits, logger, body.Value!.User ?? "", body.Value.Password ?? "", AuthenticationSchemes.Bearer);
        if (principal is null)
        {
            return new Answer(status, problem!);
        }

        var lifetime = TimeSpan.FromMinutes(options.Value.SessionMinutes);
        var token = tokens.Issue(TokenPurposes.Staff, principal.Identity!.Name!, lifetime, principal.FindFirst(StaffDirectory.StampClaim)!.Value);
        return Results.Json(new TokenResponse(token, time.GetUtcNow() + lifetime, [.. principal.FindAll(ClaimTypes.Role).Select(r => r.Value)],
            principal.FindFirst(CallCenterClaims.AgentId)?.Value), ApiJson.Options);
    }

    /// <summary>The user's principal, or why not (and the status that says it).</summary>
    private static (ClaimsPrincipal? Principal, string? Problem, int Status) Check(
        HttpContext http, StaffDirectory directory, RateLimits limits, ILogger logger, string user, string password, string scheme)
    {
        if (user.Length is 0 or > 128 || password.Length is 0 or > 1024)
        {
            return (null, "Give a user name and a password.", StatusCodes.Status400BadRequest);
        }

        using var attempt = limits.Acquire(Limit.SignIn, "user:" + user.ToLowerInvariant());
        if (!attempt.IsAcquired)
        {
            return (null, limits.Describe(Limit.SignIn, limits.RetryAfterSeconds(attempt)), StatusCodes.Status429TooManyRequests);
        }

        var principal = directory.SignIn(user, password, scheme);
        if (principal is null)
        {
            // The name goes to the log only when it is a user's: people type passwords into the name field too.
            logger.LogWarning("Failed sign-in {User} from {Address}.", directory.Exists(user) ? user : "(an unknown user name)", RateLimits.Source(http));
            return (null, WrongCredentials, StatusCodes.Status401Unauthorized);
        }

        logger.LogInformation("{User} signed in from {Address} ({Scheme}).", principal.Identity!.Name, RateLimits.Source(http), scheme);
        return (principal, null, StatusCodes.Status200OK);
    }

    /// <summary>A refusal written as the other access answers are (problem+json).</summary>
    private sealed class Answer(int status, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => AccessAnswers.WriteAsync(httpContext, status, detail);
    }
}
