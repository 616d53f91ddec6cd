using CallCenter.Gateway.Security;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>
/// A host of its own for the access tests: besides the usual operator key and staff pool, a key that is only admin, an
/// app's key (role caller), metrics for admins only (Security:MetricsRoles), and AudioSocket open to 127.0.0.1 alone. Its
/// clock is moved forward to expire tickets.
/// </summary>
public sealed class SecurityHostFixture : ApiHostFixture
{
    public static readonly string OnlyAdminKey = ApiKeyHashes.NewKey();

    public static readonly string AppKey = ApiKeyHashes.NewKey();

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Security:ApiKeys:only-admin:Hash"] = ApiKeyHashes.Hash(OnlyAdminKey),
        ["Security:ApiKeys:only-admin:Roles"] = "admin",
        ["Security:ApiKeys:shop-app:Hash"] = ApiKeyHashes.Hash(AppKey),
        ["Security:ApiKeys:shop-app:Roles"] = "caller",
        ["Voice:AudioSocket:AllowedNetworks"] = "127.0.0.1/32",
        ["Security:MetricsRoles"] = "admin",
        ["Voice:Engines:Recognizer"] = "PassThrough",
    });
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityHostFixture>
{
    public const string Name = "security";
}
