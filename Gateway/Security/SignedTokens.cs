using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCenter.Gateway.Security;

/// <summary>A token's contents once its signature and expiry are checked.</summary>
/// <param name="Purpose">What it was issued for (<see cref="TokenPurposes"/>).</param>
/// <param name="Subject">Whom or what it is about: the call id, the user name, the Twilio CallSid.</param>
/// <param name="Id">Random and unique: a media ticket is used once by this id.</param>
/// <param name="Extra">Purpose-specific: a staff token's password stamp.</param>
public sealed record SignedToken(string Purpose, string Subject, DateTimeOffset ExpiresAt, string Id, string? Extra);

/// <summary>
/// Short self-contained tokens: <c>v1.</c> base64url(JSON) <c>.</c> base64url(HMAC-SHA256), signed with the Gateway's
/// signing key. Any process with the same key checks them without a lookup; each is bound to one purpose and expires.
/// </summary>
public sealed class SignedTokens(SigningKeys keys, TimeProvider time)
{
    private const string Version = "v1.";
    private const string Use = "tokens";
    private const int MaxLength = 2048;

    public string Issue(string purpose, string subject, TimeSpan lifetime, string? extra = null)
    {
        var payload = new Payload(purpose, subject, (time.GetUtcNow() + lifetime).ToUnixTimeSeconds(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)), extra);
        var body = Version + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return body + "." + Base64Url.EncodeToString(HMACSHA256.HashData(keys.Current(Use), Encoding.ASCII.GetBytes(body)));
    }

    /// <summary>The token's contents when it is well formed, signed by a key in use, for <paramref name="purpose"/> and not expired.</summary>
    public SignedToken? Read(string? token, string purpose) => Read(token) is { } read && read.Purpose == purpose ? read : null;

    /// <summary>The token's contents when it is well formed, signed by a key in use and not expired; whatever its purpose.</summary>
    public SignedToken? Read(string? token)
    {
        if (token is null || token.Length > MaxLength || !token.StartsWith(Version, StringComparison.Ordinal) || token.LastIndexOf('.') is var dot && dot <= Version.Length)
        {
            return null;
        }

        var body = Encoding.ASCII.GetBytes(token[..dot]);
        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (!keys.Accepted(Use).Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body), mac)))
        {
            return null;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token.AsSpan(Version.Length, dot - Version.Length)));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }

        if (payload is not { Purpose.Length: > 0, Subject.Length: > 0, Id.Length: > 0 })
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Expires);
        return expires > time.GetUtcNow() ? new SignedToken(payload.Purpose, payload.Subject, expires, payload.Id, payload.Extra) : null;
    }

    private sealed record Payload(
        [property: JsonPropertyName("p")] string Purpose,
        [property: JsonPropertyName("s")] string Subject,
        [property: JsonPropertyName("e")] long Expires,
        [property: JsonPropertyName("n")] string Id,
        [property: JsonPropertyName("x"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Extra);
}
