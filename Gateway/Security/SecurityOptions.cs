namespace CallCenter.Gateway.Security;

/// <summary>
/// Configuration section "Security": who may sign in, the API keys, the key that signs tokens and cookies, and what is
/// open to anonymous callers. Secrets come only from configuration or the environment and are stored hashed where the
/// Gateway only needs to recognize them (passwords, API keys).
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>People who sign in on the pages (or get a bearer token), by user name.</summary>
    public Dictionary<string, UserOptions> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>API keys by name (the name shows in logs; the key itself never does).</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Base64 of at least 32 random bytes: signs caller, staff and media tokens and protects the sign-in cookie. Every
    /// process serving the Gateway must have the same key. Without one, each process makes a random key at start-up (its
    /// tokens and cookies then die with it and no other process accepts them).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The key before the last rotation: tokens and cookies it signed are still accepted; nothing new is signed with it.</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>Anyone may start a chat call (the public front door, like the phone number); otherwise role caller or admin.</summary>
    public bool AnonymousCalls { get; set; } = true;

    /// <summary>Anyone who loads the softphone page may get a /media/pcm token; otherwise staff, caller and admin only.</summary>
    public bool AnonymousSoftphone { get; set; }

    /// <summary>Roles that may read /healthz (comma-separated); empty: public (probes carry no credentials).</summary>
    public string? HealthRoles { get; set; }

    /// <summary>Roles that may read /metrics (comma-separated); empty: public.</summary>
    public string? MetricsRoles { get; set; }

    /// <summary>How long a caller token (given when a call starts) opens its call.</summary>
    public int CallerTokenMinutes { get; set; } = 240;

    /// <summary>How long a sign-in lasts (the cookie, sliding) and a staff bearer token from POST /api/auth/token.</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>How long a media ticket (a /media/pcm token, a Twilio stream URL) may wait to be used; each is used once.</summary>
    public int MediaTicketSeconds { get; set; } = 60;

    /// <summary>
    /// Reverse proxies (comma-separated addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto are
    /// believed: the caller's address for the per-source limits, and https for signatures and cookies. Empty: none.
    /// </summary>
    public string? TrustedProxies { get; set; }
}

/// <summary>One user: <c>Security:Users:{name}</c>.</summary>
public sealed class UserOptions
{
    /// <summary>A salted PBKDF2 hash from <c>CallCenter.Silo hash-password</c> (pbkdf2-sha256$iterations$salt$hash).</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Comma-separated: agent, supervisor, admin, caller.</summary>
    public string? Roles { get; set; }

    /// <summary>The agent id this user acts as on the agent desk; default the user name.</summary>
    public string? AgentId { get; set; }
}

/// <summary>One API key: <c>Security:ApiKeys:{name}</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key's SHA-256 from <c>CallCenter.Silo new-api-key</c> (sha256$hex); the key itself is not configured.</summary>
    public string? Hash { get; set; }

    /// <summary>Comma-separated: agent, supervisor, admin, caller.</summary>
    public string? Roles { get; set; }

    /// <summary>The agent id requests with this key act as (an agent's own desk integration); none by default.</summary>
    public string? AgentId { get; set; }
}
