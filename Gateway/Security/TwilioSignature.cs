using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Gateway.Security;

/// <summary>
/// Twilio's request signature (X-Twilio-Signature), as Twilio documents it and its helper libraries check it: the full
/// URL Twilio requested (scheme, host, path and query string; <c>wss://</c> for a Media Stream's WebSocket upgrade), then
/// for a form POST each parameter's name and value appended in order of name, with no separators; HMAC-SHA1 of that
/// with the account's auth token; base64. Twilio's libraries accept the URL with and without its default port (443 for
/// https/wss, 80 for http/ws), since proxies add or drop it; so does this.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in (form ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>True when <paramref name="signature"/> is Twilio's for this URL and form (compared in constant time).</summary>
    public static bool IsValid(string authToken, string url, IReadOnlyCollection<KeyValuePair<string, string>> form, string signature)
    {
        var given = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            valid |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(authToken, candidate, form)), given);
        }

        return valid;
    }

    /// <summary>The URL as given, and with its default port added or removed.</summary>
    public static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        var defaultPort = uri.Scheme is "https" or "wss" ? 443 : uri.Scheme is "http" or "ws" ? 80 : -1;
        if (defaultPort < 0 || uri.Port != defaultPort)
        {
            yield break;
        }

        // Rebuilt by hand: Uri would normalize the path and query, and the signature is over them exactly as sent.
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], uri.Scheme.Length + 3) is var end and >= 0 ? end : url.Length;
        var authority = url[(uri.Scheme.Length + 3)..authorityEnd];
        var rest = url[authorityEnd..];
        var explicitPort = authority.EndsWith(":" + defaultPort, StringComparison.Ordinal);
        yield return $"{uri.Scheme}://{(explicitPort ? authority[..^(defaultPort.ToString().Length + 1)] : authority + ":" + defaultPort)}{rest}";
    }
}
