using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CallCenter.Gateway.Security;

/// <summary>
/// Answers a refused request plainly: 401 when no acceptable credential came (with what was wrong with the one that did),
/// 403 when the principal is known but may not do this (with the surface's rule). A Twilio request whose signature
/// does not match is a 403, as Twilio's documentation answers it. Refusals of known principals are logged.
/// </summary>
public sealed class AccessResultHandler(ILogger<AccessResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await next(context);
            return;
        }

        var surface = context.GetEndpoint()?.Metadata.GetMetadata<SurfaceMetadata>()?.Surface;
        var rule = AccessPolicy.Describe(surface);
        if (result.Challenged)
        {
            var failure = await AuthenticationFailureAsync(context, policy);
            var status = failure is not null && policy.AuthenticationSchemes.Contains(AuthenticationSchemes.Twilio)
                ? StatusCodes.Status403Forbidden
                : StatusCodes.Status401Unauthorized;
            logger.LogDebug("{Method} {Path}: {Status}, {Failure}", context.Request.Method, context.Request.Path.Value, status, failure ?? "no credentials");
            await AccessAnswers.WriteAsync(context, status, failure is null ? rule : $"{failure} {rule}");
            return;
        }

        logger.LogInformation("{Method} {Path}: {User} refused ({Surface}).", context.Request.Method, context.Request.Path.Value, context.User.Identity?.Name, surface);
        await AccessAnswers.WriteAsync(context, StatusCodes.Status403Forbidden, rule);
    }

    /// <summary>What was wrong with the credential the request carried, if it carried one (the schemes cache their result).</summary>
    private static async Task<string?> AuthenticationFailureAsync(HttpContext context, AuthorizationPolicy policy)
    {
        foreach (var scheme in policy.AuthenticationSchemes.Count > 0 ? policy.AuthenticationSchemes : [AuthenticationSchemes.Default])
        {
            if ((await context.AuthenticateAsync(scheme)).Failure is { } failure)
            {
                return failure.Message;
            }
        }

        return null;
    }
}
