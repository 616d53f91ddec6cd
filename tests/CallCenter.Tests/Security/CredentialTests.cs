using System.Buffers.Text;
using System.Text;
using CallCenter.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCenter.Tests.Security;

/// <summary>Signed tokens, password hashes and API key hashes, as plain classes.</summary>
public sealed class CredentialTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private SignedTokens Tokens(string key, string? previous = null) =>
        new(new SigningKeys(Options.Create(new SecurityOptions { SigningKey = key, PreviousSigningKey = previous }), NullLogger<SigningKeys>.Instance), _time);

    [Fact]
    public void A_token_reads_back_for_its_purpose_until_it_expires()
    {
        var tokens = Tokens(SigningKeys.NewKey());
        var token = tokens.Issue(TokenPurposes.Caller, "call-1", TimeSpan.FromMinutes(5));

        var read = tokens.Read(token, TokenPurposes.Caller);
        Assert.NotNull(read);
        Assert.Equal("call-1", read.Subject);
        Assert.Null(tokens.Read(token, TokenPurposes.PcmMedia)); // another purpose: refused
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(tokens.Read(token, TokenPurposes.Caller)); // expired
    }

    [Fact]
    public void A_changed_token_is_refused_wherever_it_was_changed()
    {
        var tokens = Tokens(SigningKeys.NewKey());
        var token = tokens.Issue(TokenPurposes.Caller, "call-1", TimeSpan.FromMinutes(5));
        var dot = token.LastIndexOf('.');

        // The payload made to name another call, keeping the signature.
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(3, dot - 3))).Replace("call-1", "call-2");
        Assert.Null(tokens.Read("v1." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + token[dot..]));
        // The signature changed in one place; cut short; not base64; empty; another format.
        Assert.Null(tokens.Read(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]));
        Assert.Null(tokens.Read(token[..^5]));
        Assert.Null(tokens.Read(token[..dot] + ".!!!"));
        Assert.Null(tokens.Read(""));
        Assert.Null(tokens.Read("Bearer " + token));
    }

    [Fact]
    public void Only_the_current_and_the_previous_key_are_accepted()
    {
        var (old, current) = (SigningKeys.NewKey(), SigningKeys.NewKey());
        var fromOld = Tokens(old).Issue(TokenPurposes.Staff, "ada", TimeSpan.FromMinutes(5));

        Assert.NotNull(Tokens(current, previous: old).Read(fromOld, TokenPurposes.Staff)); // during a rotation
        Assert.Null(Tokens(current).Read(fromOld, TokenPurposes.Staff)); // after it
        Assert.Null(Tokens(SigningKeys.NewKey()).Read(fromOld, TokenPurposes.Staff)); // another deployment's key
    }

    [Fact]
    public void A_signing_key_must_be_base64_of_at_least_32_bytes()
    {
        Assert.Null(SigningKeys.Problem(SigningKeys.NewKey()));
        Assert.NotNull(SigningKeys.Problem(Convert.ToBase64String(new byte[16])));
        Assert.NotNull(SigningKeys.Problem("not base64!"));
        var refused = Assert.Throws<InvalidOperationException>(() => Tokens("c2hvcnQ="));
        Assert.Contains("Security:SigningKey", refused.Message);
        Assert.DoesNotContain("c2hvcnQ=", refused.Message);
    }

    [Fact]
    public void A_password_hash_is_salted_and_verifies_only_its_password()
    {
        var first = PasswordHashes.Hash("s3cret");
        var second = PasswordHashes.Hash("s3cret");
        Assert.NotEqual(first, second); // a salt of its own
        Assert.StartsWith("pbkdf2-sha256$600000$", first);
        Assert.True(PasswordHashes.Verify("s3cret", first));
        Assert.False(PasswordHashes.Verify("s3cret ", first));
        Assert.False(PasswordHashes.Verify("S3cret", second));
        Assert.NotEqual(PasswordHashes.Stamp(first), PasswordHashes.Stamp(second));
        Assert.DoesNotContain("s3cret", first);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("s3cret")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")] // too few iterations
    [InlineData("pbkdf2-sha1$600000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$600000$***$aGFzaA==")]
    public void A_password_setting_that_is_not_a_usable_hash_is_named_as_such(string? setting)
    {
        Assert.NotNull(PasswordHashes.Problem(setting));
        Assert.False(PasswordHashes.Verify("s3cret", setting ?? ""));
    }

    [Fact]
    public void An_api_key_is_configured_by_its_hash_only()
    {
        var key = ApiKeyHashes.NewKey();
        var hash = ApiKeyHashes.Hash(key);
        Assert.StartsWith("cck_", key);
        Assert.True(key.Length > 40);
        Assert.Null(ApiKeyHashes.Problem(hash));
        Assert.DoesNotContain(key[4..], hash);
        Assert.Equal(ApiKeyHashes.Digest(key), ApiKeyHashes.Decode(hash));
        Assert.NotNull(ApiKeyHashes.Problem(key)); // the key itself is not a hash setting
    }

    [Fact]
    public void A_process_of_a_cluster_does_not_start_without_the_shared_signing_key()
    {
        var services = new ServiceCollection().RequireSharedSigningKey("with Orleans:ClusteringMode=Postgres");
        using var provider = services.BuildServiceProvider();
        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SecurityOptions>>().Value);
        Assert.Contains("Security:SigningKey is required with Orleans:ClusteringMode=Postgres", refused.Message);
    }

    [Fact]
    public void The_configuration_is_checked_at_start_and_the_problems_named_without_the_secrets()
    {
        var options = new SecurityOptions
        {
            SigningKey = "dG9vIHNob3J0",
            TrustedProxies = "10.0.0.0/8, not-a-network",
            Users = { ["ada"] = new UserOptions { PasswordHash = "plaintext-password", Roles = "agent" }, ["bob"] = new UserOptions { PasswordHash = PasswordHashes.Hash("x"), Roles = "" } },
            ApiKeys = { ["ops"] = new ApiKeyOptions { Hash = "cck_the-key-itself", Roles = "admin" } },
        };
        var result = new SecurityOptionsValidation().Validate(null, options);
        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Security:Users:ada:PasswordHash", message);
        Assert.Contains("Security:Users:bob:Roles", message);
        Assert.Contains("Security:ApiKeys:ops:Hash", message);
        Assert.Contains("Security:SigningKey", message);
        Assert.Contains("not-a-network", message);
        foreach (var secret in new[] { "plaintext-password", "cck_the-key-itself", "dG9vIHNob3J0" })
        {
            Assert.DoesNotContain(secret, message);
        }
    }
}
