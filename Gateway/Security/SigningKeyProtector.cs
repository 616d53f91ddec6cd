using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CallCenter.Gateway.Security;

/// <summary>
/// Protects the sign-in cookie with AES-GCM under a key derived from <see cref="SigningKeys"/>, in place of ASP.NET Core's
/// per-machine key ring: every process configured with the same signing key reads the cookies the others wrote (a user
/// signed in through one Gateway is signed in on all), and nothing else has to be shared or stored.
/// </summary>
public sealed class SigningKeyProtector(SigningKeys keys, string purpose) : IDataProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public IDataProtector CreateProtector(string purpose1) => new SigningKeyProtector(keys, purpose + "/" + purpose1);

    public byte[] Protect(byte[] plaintext)
    {
        var output = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Current("cookie:" + purpose), TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes));
        return output;
    }

    public byte[] Unprotect(byte[] protectedData)
    {
        if (protectedData.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The protected data is too short.");
        }

        var plaintext = new byte[protectedData.Length - NonceBytes - TagBytes];
        foreach (var key in keys.Accepted("cookie:" + purpose))
        {
            using var aes = new AesGcm(key, TagBytes);
            try
            {
                aes.Decrypt(protectedData.AsSpan(0, NonceBytes), protectedData.AsSpan(NonceBytes + TagBytes), protectedData.AsSpan(NonceBytes, TagBytes), plaintext);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
            }
        }

        throw new CryptographicException("The data was not protected with a signing key in use.");
    }
}
