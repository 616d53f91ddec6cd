using Microsoft.Extensions.Options;

namespace CallCenter.Privacy;

/// <summary>Opens calls' vaults with the configured key (<see cref="PrivacyOptions.VaultKey"/>), or none.</summary>
public sealed class PiiVaults(IOptions<PrivacyOptions> options)
{
    private readonly VaultSealer? _sealer = options.Value.CreateSealer();

    /// <summary>A vault over a call's persisted entries; it adds to <paramref name="entries"/> as the call goes on.</summary>
    public PiiVault Open(string callId, List<PiiVaultEntry> entries) => new(callId, entries, _sealer);
}
