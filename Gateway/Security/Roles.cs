namespace CallCenter.Gateway.Security;

/// <summary>
/// The roles a user or API key is given in configuration (<c>Security:Users:{name}:Roles</c>, comma-separated). Staff:
/// agent, supervisor, admin. <see cref="Caller"/> is for an app's backend that starts calls for its users when anonymous
/// callers are not allowed. <see cref="Twilio"/> is the telephony provider, proven by its request signature, never given
/// in configuration.
/// </summary>
public static class Roles
{
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public const string Caller = "caller";
    public const string Twilio = "twilio";

    /// <summary>The roles of people who work the floor or run it.</summary>
    public static readonly string[] Staff = [Agent, Supervisor, Admin];

    public static string[] Parse(string? list) =>
        [.. (list ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant()).Distinct()];
}

/// <summary>The claims the Gateway's authentication handlers give a principal besides its name and roles.</summary>
public static class CallCenterClaims
{
    /// <summary>The agent id the principal acts as on the agent desk (a user's own name unless configured otherwise).</summary>
    public const string AgentId = "callcenter:agent_id";

    /// <summary>The one call a caller token opens.</summary>
    public const string CallId = "callcenter:call_id";

    /// <summary>What a signed token was issued for (<see cref="TokenPurposes"/>); absent for cookies and API keys.</summary>
    public const string Purpose = "callcenter:purpose";

    /// <summary>A media ticket's single-use id.</summary>
    public const string TicketId = "callcenter:ticket";

    /// <summary>When a media ticket expires (Unix seconds): its single use is remembered until then.</summary>
    public const string TicketExpires = "callcenter:ticket_expires";

    /// <summary>The Twilio CallSid a stream ticket was issued for: the stream's start must name the same call.</summary>
    public const string TwilioCallSid = "callcenter:twilio_call_sid";

    /// <summary>How the principal proved who it is: password, api_key, token, twilio_signature.</summary>
    public const string Method = "callcenter:method";
}

/// <summary>What a signed token is good for; a token is accepted only for its own purpose.</summary>
public static class TokenPurposes
{
    /// <summary>A chat caller's access to their own call.</summary>
    public const string Caller = "caller";

    /// <summary>A signed-in user's bearer token for the API (POST /api/auth/token).</summary>
    public const string Staff = "staff";

    /// <summary>One connection to /media/pcm.</summary>
    public const string PcmMedia = "media-pcm";

    /// <summary>One Twilio Media Stream, in the stream URL of the TwiML the voice webhook answers.</summary>
    public const string TwilioStream = "twilio-stream";
}
