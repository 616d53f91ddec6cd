using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Gateway.Security;

/// <summary>
/// API keys: 32 random bytes as <c>cck_</c> + base64url, configured as <c>sha256$hex</c> of the key. A key is as strong
/// as a 256-bit secret, so a fast hash is enough (nothing to brute-force); configuration holds only the hash, and a
/// presented key is compared with every configured hash in constant time.
/// </summary>
public static class ApiKeyHashes
{
    public const string Prefix = "cck_";
    private const string Scheme = "sha256$";

    public static string NewKey() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Scheme + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Null when <paramref name="encoded"/> is a usable key hash; otherwise what is wrong with it.</summary>
    public static string? Problem(string? encoded) => Decode(encoded) is null
        ? "not a sha256$<64 hex digits> value (make one with `CallCenter.Silo new-api-key`)"
        : null;

    /// <summary>The raw digest of a configured hash, or null when it is malformed.</summary>
    public static byte[]? Decode(string? encoded)
    {
        if (encoded is null || !encoded.StartsWith(Scheme, StringComparison.Ordinal) || encoded.Length != Scheme.Length + 64)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(encoded.AsSpan(Scheme.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
