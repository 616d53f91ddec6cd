using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>
/// The users and API keys of configuration, as principals. Read afresh on every request (options monitor), so a role
/// taken away or a user removed takes effect at once, and a changed password ends the sessions signed in with the old one.
/// </summary>
public sealed class StaffDirectory(IOptionsMonitor<SecurityOptions> options)
{
    public const string StampClaim = "callcenter:stamp";

    /// <summary>Checked when the user does not exist, so an unknown name costs the same time as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => PasswordHashes.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    /// <summary>The user's principal when the password is theirs; null otherwise (whichever of the two was wrong).</summary>
    public ClaimsPrincipal? SignIn(string userName, string password, string authenticationType)
    {
        var user = Find(userName, out var name);
        var hash = user?.PasswordHash;
        var matches = PasswordHashes.Verify(password, hash is not null && PasswordHashes.Problem(hash) is null ? hash : DummyHash.Value);
        return matches && user is not null ? Principal(name!, user.Roles, user.AgentId, authenticationType, "password", PasswordHashes.Stamp(hash!)) : null;
    }

    /// <summary>
    /// A signed-in user's principal as configuration has it now; null when the user is gone or the password changed
    /// since <paramref name="stamp"/> was taken.
    /// </summary>
    public ClaimsPrincipal? Current(string userName, string? stamp, string authenticationType, string method)
    {
        var user = Find(userName, out var name);
        return user?.PasswordHash is { } hash && stamp is not null && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(PasswordHashes.Stamp(hash)), System.Text.Encoding.ASCII.GetBytes(stamp))
            ? Principal(name!, user.Roles, user.AgentId, authenticationType, method, stamp)
            : null;
    }

    /// <summary>The principal of the API key <paramref name="key"/>; null when no configured key has its hash.</summary>
    public ClaimsPrincipal? ForApiKey(string key, string authenticationType)
    {
        var digest = ApiKeyHashes.Digest(key);
        (string Name, ApiKeyOptions Key)? found = null;
        // Every configured hash is compared, matched or not: how long this takes says nothing about which key matched.
        foreach (var (name, configured) in options.CurrentValue.ApiKeys)
        {
            if (ApiKeyHashes.Decode(configured.Hash) is { } expected && CryptographicOperations.FixedTimeEquals(expected, digest))
            {
                found = (name, configured);
            }
        }

        return found is var (keyName, apiKey) ? Principal(keyName, apiKey.Roles, apiKey.AgentId, authenticationType, "api_key", stamp: null) : null;
    }

    /// <summary>Whether a user of this name is configured.</summary>
    public bool Exists(string userName) => Find(userName, out _) is not null;

    private UserOptions? Find(string userName, out string? name)
    {
        foreach (var (configured, user) in options.CurrentValue.Users)
        {
            if (string.Equals(configured, userName, StringComparison.OrdinalIgnoreCase))
            {
                name = configured;
                return user;
            }
        }

        name = null;
        return null;
    }

    private static ClaimsPrincipal Principal(string name, string? roles, string? agentId, string authenticationType, string method, string? stamp)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(CallCenterClaims.Method, method));
        var parsed = Roles.Parse(roles);
        foreach (var role in parsed)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        // Users who work the desk act as an agent: their own name, unless configuration names another id. An API key
        // acts as an agent only when configuration says which.
        var agent = agentId is { Length: > 0 } ? agentId
            : method != "api_key" && (parsed.Contains(Roles.Agent) || parsed.Contains(Roles.Supervisor)) ? name
            : null;
        if (agent is not null)
        {
            identity.AddClaim(new Claim(CallCenterClaims.AgentId, agent));
        }

        if (stamp is not null)
        {
            identity.AddClaim(new Claim(StampClaim, stamp));
        }

        return new ClaimsPrincipal(identity);
    }
}
