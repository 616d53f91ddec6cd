using System.Collections.Concurrent;
using System.Security.Cryptography;
using CallCenter.Gateway.Security;
using Microsoft.Playwright;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// The credentials the test hosts are configured with, as an operator configures a real one: hashes in configuration,
/// the secrets themselves only here. Every host and process shares the signing key (a caller token from one is good on
/// the others, as in a cluster) and the Twilio auth token.
/// </summary>
public static class TestCredentials
{
    public static readonly string SigningKey = SigningKeys.NewKey();

    public const string TwilioAuthToken = "twilio-auth-token-for-tests-0123456789";

    /// <summary>The operator's key: admin and supervisor (the fixtures' default client).</summary>
    public static readonly string AdminKey = ApiKeyHashes.NewKey();

    /// <summary>Every test user's password; its hash is made once (PBKDF2 at full cost) and shared by all of them.</summary>
    public const string Password = "correct horse battery staple";

    private static readonly Lazy<string> PasswordHash = new(() => PasswordHashes.Hash(Password));

    /// <summary>
    /// The settings every test host adds: the keys, the admin key, and limits far above what tests ask (they send
    /// thousands of requests a second from one address), so only the limit tests' own host refuses anything.
    /// </summary>
    public static Dictionary<string, string?> HostSettings() => new()
    {
        ["Security:SigningKey"] = SigningKey,
        ["Security:ApiKeys:tests-admin:Hash"] = ApiKeyHashes.Hash(AdminKey),
        ["Security:ApiKeys:tests-admin:Roles"] = "admin,supervisor",
        ["Twilio:AuthToken"] = TwilioAuthToken,
        ["Limits:SourceRequestsPerSecond"] = "100000",
        ["Limits:SourceBurst"] = "100000",
        ["Limits:CallerRequestsPerSecond"] = "100000",
        ["Limits:CallerBurst"] = "100000",
        ["Limits:PrincipalRequestsPerSecond"] = "100000",
        ["Limits:PrincipalBurst"] = "100000",
        ["Limits:CallStartsPerMinute"] = "1000000",
        ["Limits:SignInsPerMinute"] = "10000",
        ["Limits:ConnectionsPerSource"] = "10000",
    };

    /// <summary>The same settings as command-line arguments, for the programs the tests start as processes.</summary>
    public static string[] CommandLine() => [.. HostSettings().Select(s => $"--{s.Key}={s.Value}")];

    /// <summary>A user's settings: its password hash and roles (its agent id is its name).</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> User(string name, string roles) =>
    [
        new($"Security:Users:{name}:PasswordHash", PasswordHash.Value),
        new($"Security:Users:{name}:Roles", roles),
    ];

    /// <summary>Signs <paramref name="page"/> in through the sign-in form, then opens <paramref name="path"/>.</summary>
    public static async Task SignInAsync(IPage page, Uri baseAddress, TestIdentity identity, string path)
    {
        await page.GotoAsync(new Uri(baseAddress, "sign-in?returnUrl=" + Uri.EscapeDataString("/" + path.TrimStart('/'))).ToString());
        await page.FillAsync("#user", identity.UserName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in-button");
        await page.WaitForURLAsync(new Uri(baseAddress, path.TrimStart('/')).ToString());
    }
}

/// <summary>One person of a test host's staff: a user (for the pages) and an API key (for the API), acting as <see cref="AgentId"/>.</summary>
public sealed record TestIdentity(string AgentId, string Role, string ApiKey)
{
    public string UserName => AgentId;
}

/// <summary>
/// A host's pool of staff identities, configured when it starts (users and API keys are configuration): a test takes
/// fresh ones, so its agents are its own in a host other tests share.
/// </summary>
public sealed class TestIdentities
{
    private readonly ConcurrentQueue<TestIdentity> _agents = new();
    private readonly ConcurrentQueue<TestIdentity> _supervisors = new();
    private readonly List<KeyValuePair<string, string?>> _settings = [];

    public TestIdentities(int agents, int supervisors)
    {
        Add(_agents, agents, Roles.Agent, "agent");
        Add(_supervisors, supervisors, Roles.Supervisor, "sup");
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings => _settings;

    /// <summary>A fresh identity with <paramref name="role"/> (agent or supervisor) that no other test has used.</summary>
    public TestIdentity Next(string role = Roles.Agent) =>
        (role == Roles.Supervisor ? _supervisors : _agents).TryDequeue(out var identity)
            ? identity
            : throw new InvalidOperationException($"The host's pool of {role} identities is used up: give its fixture a larger pool.");

    private void Add(ConcurrentQueue<TestIdentity> pool, int count, string role, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            var identity = new TestIdentity($"{prefix}{i}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", role, ApiKeyHashes.NewKey());
            pool.Enqueue(identity);
            _settings.AddRange(TestCredentials.User(identity.UserName, role));
            _settings.Add(new($"Security:ApiKeys:{identity.UserName}:Hash", ApiKeyHashes.Hash(identity.ApiKey)));
            _settings.Add(new($"Security:ApiKeys:{identity.UserName}:Roles", role));
            _settings.Add(new($"Security:ApiKeys:{identity.UserName}:AgentId", identity.AgentId));
        }
    }
}
