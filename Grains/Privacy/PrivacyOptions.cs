using Microsoft.Extensions.Options;

namespace CallCenter.Privacy;

/// <summary>Configuration section "Privacy".</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// Base64 of 32 random bytes (<c>openssl rand -base64 32</c>): the key that seals the personal data a call holds for
    /// its tools in the call's persisted state. Unset: those values stay in the call grain's memory only, and a call that
    /// moves to another silo (failover, deactivation) asks the caller again when a tool needs one. Every silo of a
    /// cluster needs the same key.
    /// </summary>
    public string? VaultKey { get; set; }

    /// <summary>The sealer for the configured key, or null without one.</summary>
    public VaultSealer? CreateSealer() => string.IsNullOrWhiteSpace(VaultKey) ? null : new VaultSealer(Convert.FromBase64String(VaultKey.Trim()));
}

/// <summary>Stops the silo at start with a plain message when the vault key is not 32 bytes of base64.</summary>
public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.VaultKey))
        {
            return ValidateOptionsResult.Success;
        }

        var key = new byte[64];
        return Convert.TryFromBase64String(options.VaultKey.Trim(), key, out var length) && length == 32
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Privacy:VaultKey must be the base64 of 32 random bytes (for example from 'openssl rand -base64 32').");
    }
}
