using System.Globalization;
using System.Security.Claims;
using CallCenter.Agents;
using CallCenter.Gateway.Media.Twilio;
using CallCenter.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>
/// What an endpoint is, as far as access goes. Every endpoint the Gateway (and the silo) maps names its surface with
/// <see cref="AccessPolicy.RequireAccess{TBuilder}"/>; <see cref="AccessPolicy"/> alone decides who may use each.
/// An endpoint that names none is open to admins only.
/// </summary>
public enum Surface
{
    /// <summary>Anyone: the softphone and sign-in pages, the pages' scripts and styles, signing in and out.</summary>
    Public,

    /// <summary>Who is signed in (GET /api/auth/me): any authenticated principal.</summary>
    Session,

    /// <summary>Starting a chat call (POST /api/calls): anyone while Security:AnonymousCalls, else role caller or admin.</summary>
    CallStart,

    /// <summary>/ws/chat: starting as <see cref="CallStart"/>; continuing a call (?callId=) as <see cref="CallTalk"/>.</summary>
    ChatSocket,

    /// <summary>Reading a call (GET /api/calls/{id}): its caller, supervisors, admins, and an agent it is with or offered to.</summary>
    CallRead,

    /// <summary>Talking in a call as the caller (POST /api/calls/{id}/messages): its caller only.</summary>
    CallTalk,

    /// <summary>Ending a call (POST /api/calls/{id}/hangup): its caller, supervisors, admins.</summary>
    CallHangUp,

    /// <summary>The list of calls (GET /api/calls): supervisors and admins.</summary>
    CallList,

    /// <summary>An agent's own desk (/api/agents/{id}/…): the agent whose id it is.</summary>
    AgentDesk,

    /// <summary>An agent's state (GET /api/agents/{id}, POST …/state): the agent, supervisors, admins.</summary>
    AgentOversight,

    /// <summary>Taking a call over (POST /api/agents/{id}/take-over): a supervisor, as their own agent id.</summary>
    TakeOver,

    /// <summary>The agent desktop page (/agent): agents and supervisors.</summary>
    AgentPage,

    /// <summary>The wallboard page and the supervisor API (/supervisor, /api/supervisor/…): supervisors and admins.</summary>
    Supervision,

    /// <summary>Data exports (/api/exports/…): admins.</summary>
    Exports,

    /// <summary>The Orleans dashboard (/dashboard): admins.</summary>
    Dashboard,

    /// <summary>/healthz: anyone unless Security:HealthRoles names roles.</summary>
    Health,

    /// <summary>/metrics: anyone unless Security:MetricsRoles names roles.</summary>
    Metrics,

    /// <summary>A /media/pcm ticket (POST /api/media/pcm-token): staff and callers' apps; anyone while Security:AnonymousSoftphone.</summary>
    PcmToken,

    /// <summary>/media/pcm: a valid PCM ticket, once.</summary>
    PcmStream,

    /// <summary>The Twilio voice webhook (/twilio/voice): Twilio, by its signature.</summary>
    TwilioWebhook,

    /// <summary>A Twilio Media Stream (/media/twilio/{ticket}): Twilio, by its signature, with a valid ticket, once.</summary>
    TwilioStream,

    /// <summary>An agent's call audio (/media/agent?agentId=): the agent whose id it is.</summary>
    AgentAudio,
}

/// <summary>The surface an endpoint named; the route-walking test reads it.</summary>
public sealed record SurfaceMetadata(Surface Surface);

/// <summary>The authorization requirement every surface's policy has: <see cref="AccessPolicy"/> decides it.</summary>
public sealed record AccessRequirement(Surface Surface) : IAuthorizationRequirement;

/// <summary>
/// Who may do what: the one place that decides it. Authentication (who the request is from) is the schemes' job
/// (<see cref="AuthenticationSchemes"/>); this table says, for each <see cref="Surface"/>, which principals pass.
/// </summary>
public sealed class AccessPolicy(IOptionsMonitor<SecurityOptions> options, IGrainFactory grains) : AuthorizationHandler<AccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.Resource is HttpContext http && await AllowsAsync(requirement.Surface, context.User, http))
        {
            context.Succeed(requirement);
        }
    }

    private async ValueTask<bool> AllowsAsync(Surface surface, ClaimsPrincipal user, HttpContext http)
    {
        var settings = options.CurrentValue;
        var callId = http.GetRouteValue("id") as string;
        var agentId = http.GetRouteValue("id") as string ?? http.Request.Query["agentId"].ToString();
        return surface switch
        {
            Surface.Public => true,
            Surface.Session => user.Identity?.IsAuthenticated == true,
            Surface.CallStart => settings.AnonymousCalls || InAny(user, Roles.Caller, Roles.Admin),
            Surface.ChatSocket => http.Request.Query["callId"].ToString() is { Length: > 0 } continued
                ? IsCallerOf(user, continued)
                : settings.AnonymousCalls || InAny(user, Roles.Caller, Roles.Admin),
            Surface.CallRead => IsCallerOf(user, callId) || InAny(user, Roles.Supervisor, Roles.Admin)
                || (user.IsInRole(Roles.Agent) && await IsWithAgentAsync(user, callId)),
            Surface.CallTalk => IsCallerOf(user, callId),
            Surface.CallHangUp => IsCallerOf(user, callId) || InAny(user, Roles.Supervisor, Roles.Admin),
            Surface.CallList => InAny(user, Roles.Supervisor, Roles.Admin),
            Surface.AgentDesk => IsAgent(user, agentId),
            Surface.AgentOversight => IsAgent(user, agentId) || InAny(user, Roles.Supervisor, Roles.Admin),
            Surface.TakeOver => IsAgent(user, agentId) && user.IsInRole(Roles.Supervisor),
            Surface.AgentPage => InAny(user, Roles.Agent, Roles.Supervisor),
            Surface.Supervision => InAny(user, Roles.Supervisor, Roles.Admin),
            Surface.Exports or Surface.Dashboard => user.IsInRole(Roles.Admin),
            Surface.Health => RolesAllow(settings.HealthRoles, user),
            Surface.Metrics => RolesAllow(settings.MetricsRoles, user),
            Surface.PcmToken => settings.AnonymousSoftphone || InAny(user, Roles.Agent, Roles.Supervisor, Roles.Admin, Roles.Caller),
            Surface.PcmStream => user.HasClaim(CallCenterClaims.Purpose, TokenPurposes.PcmMedia) && await UseTicketAsync(user),
            Surface.TwilioWebhook => user.IsInRole(Roles.Twilio),
            Surface.TwilioStream => user.IsInRole(Roles.Twilio) && user.HasClaim(c => c.Type == CallCenterClaims.TwilioCallSid) && await UseTicketAsync(user),
            Surface.AgentAudio => IsAgent(user, agentId),
            _ => false,
        };
    }

    /// <summary>Why a principal is turned away from a surface, in the words the answer gives.</summary>
    public static string Describe(Surface? surface) => surface switch
    {
        Surface.Session => "Sign in first.",
        Surface.CallStart => "Starting a call needs the role caller or admin here (Security:AnonymousCalls is off).",
        Surface.ChatSocket => "Continuing a call needs that call's caller token (from its start), as Authorization: Bearer or ?access_token=.",
        Surface.CallRead => "Only the call's own caller (with its caller token), an agent on the call, supervisors and admins may read it.",
        Surface.CallTalk => "Only the call's own caller may talk in it: send the caller token its start gave, as Authorization: Bearer.",
        Surface.CallHangUp => "Only the call's own caller, supervisors and admins may hang it up.",
        Surface.CallList => "Only supervisors and admins may list calls.",
        Surface.AgentDesk => "Agents may use only their own desk: sign in as that agent.",
        Surface.AgentOversight => "Only the agent themselves, supervisors and admins may see or set an agent's state.",
        Surface.TakeOver => "Only a supervisor may take a call over, as their own agent id.",
        Surface.AgentPage => "The agent desktop is for agents and supervisors: sign in as one.",
        Surface.Supervision => "The wallboard is for supervisors and admins: sign in as one.",
        Surface.Exports => "Exports are for admins only.",
        Surface.Dashboard => "The dashboard is for admins only.",
        Surface.Health => "Health is restricted here (Security:HealthRoles).",
        Surface.Metrics => "Metrics are restricted here (Security:MetricsRoles).",
        Surface.PcmToken => "Calls from the browser need a sign-in here (Security:AnonymousSoftphone is off).",
        Surface.PcmStream => "/media/pcm needs a ticket from POST /api/media/pcm-token as ?access_token=; each is good for one connection, for a short time.",
        Surface.TwilioWebhook => "Only Twilio may call this: its X-Twilio-Signature is missing or wrong.",
        Surface.TwilioStream => "Only Twilio may connect here, with its X-Twilio-Signature and the ticket from the voice webhook's TwiML, once.",
        Surface.AgentAudio => "Agents may open only their own call audio: sign in as that agent.",
        _ => "This is for admins only.",
    };

    private static bool InAny(ClaimsPrincipal user, params string[] roles) => roles.Any(user.IsInRole);

    private static bool IsCallerOf(ClaimsPrincipal user, string? callId) =>
        callId is { Length: > 0 } && user.HasClaim(CallCenterClaims.Purpose, TokenPurposes.Caller) && user.HasClaim(CallCenterClaims.CallId, callId);

    /// <summary>The principal acts as agent <paramref name="agentId"/> (and works the desk).</summary>
    private static bool IsAgent(ClaimsPrincipal user, string? agentId) =>
        agentId is { Length: > 0 } && InAny(user, Roles.Agent, Roles.Supervisor) && user.HasClaim(CallCenterClaims.AgentId, agentId);

    private static bool RolesAllow(string? roles, ClaimsPrincipal user) => Roles.Parse(roles) is var needed && (needed.Length == 0 || needed.Any(user.IsInRole));

    /// <summary>An agent may read the call they are on, or the one offered to them.</summary>
    private async Task<bool> IsWithAgentAsync(ClaimsPrincipal user, string? callId)
    {
        if (callId is not { Length: > 0 } || user.FindFirst(CallCenterClaims.AgentId)?.Value is not { } agentId)
        {
            return false;
        }

        try
        {
            var agent = await grains.GetGrain<IAgentGrain>(agentId).GetAsync();
            return agent.CallId == callId || agent.Offer?.Context.CallId == callId;
        }
        catch (AgentNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A media ticket opens one connection: the first use anywhere in the cluster wins.</summary>
    private async Task<bool> UseTicketAsync(ClaimsPrincipal user) =>
        user.FindFirst(CallCenterClaims.TicketId)?.Value is { } id
        && long.TryParse(user.FindFirst(CallCenterClaims.TicketExpires)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
        && await grains.GetGrain<IMediaTicketGrain>(id).UseAsync(DateTimeOffset.FromUnixTimeSeconds(expires));
}
