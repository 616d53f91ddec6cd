namespace CallCenter.Gateway.Media.Twilio;

/// <summary>Configuration section "Twilio": the account's auth token, which signs every request Twilio makes to us.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The account's auth token (a secret: environment or a secret store). Without it every Twilio request is refused.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The public base URL Twilio reaches this engine at (https://cc.example.com, with a path if a proxy adds one):
    /// Twilio signs the URL it called, which behind a TLS-terminating proxy is not the one this process sees. Empty: the
    /// request's own scheme and host (after trusted X-Forwarded-* headers).
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
