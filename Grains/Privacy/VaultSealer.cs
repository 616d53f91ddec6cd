using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Privacy;

/// <summary>
/// Seals a call's personal data for its persisted state with AES-256-GCM under the configured vault key. The call id
/// and the token are authenticated with it, so a sealed value cannot be moved to another call or token. A value sealed
/// under another key (rotated, or a silo configured differently) does not open: the call then lacks it, as without a key.
/// </summary>
public sealed class VaultSealer
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public VaultSealer(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"The vault key must be 32 bytes; it is {key.Length}.", nameof(key));
        }

        _key = key;
    }

    public byte[] Seal(string callId, string token, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var result = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = result.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, result.AsSpan(NonceBytes, plain.Length), result.AsSpan(NonceBytes + plain.Length), Associated(callId, token));
        return result;
    }

    /// <summary>The value, or null when it was sealed under another key, for another call or token, or changed.</summary>
    public string? Open(string callId, string token, byte[] sealedValue)
    {
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var length = sealedValue.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, length), sealedValue.AsSpan(NonceBytes + length), plain, Associated(callId, token));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Associated(string callId, string token) => Encoding.UTF8.GetBytes(callId + "\n" + token);
}
