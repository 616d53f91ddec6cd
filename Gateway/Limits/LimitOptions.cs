namespace CallCenter.Gateway.Limits;

/// <summary>
/// Configuration section "Limits": how much one caller, one API key or user, and one source address may ask of the
/// engine, and how large a request or message may be. A rate of 0 (or a count of 0) means no limit.
/// </summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests per second from one source address, for requests without staff credentials (anonymous and callers).</summary>
    public double SourceRequestsPerSecond { get; set; } = 20;

    /// <summary>How many of those may come at once before the rate applies.</summary>
    public int SourceBurst { get; set; } = 60;

    /// <summary>Requests per second for one call with its caller token (HTTP requests and /ws/chat messages together).</summary>
    public double CallerRequestsPerSecond { get; set; } = 5;

    public int CallerBurst { get; set; } = 20;

    /// <summary>Requests per second for one API key or signed-in user.</summary>
    public double PrincipalRequestsPerSecond { get; set; } = 50;

    public int PrincipalBurst { get; set; } = 200;

    /// <summary>New calls per minute from one source address: POST /api/calls, a /ws/chat start, a /media/pcm ticket.</summary>
    public int CallStartsPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts per minute, from one source address and (separately) for one user name.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>
    /// Open WebSockets and event streams at once (/ws/chat, /media/pcm, /media/agent, the event streams): per source
    /// address, and for staff per user or API key (a floor of agents may share one office address).
    /// </summary>
    public int ConnectionsPerSource { get; set; } = 20;

    /// <summary>Open Twilio Media Streams and AudioSocket connections at once from one source address (telephony carries many calls).</summary>
    public int TelephonyConnectionsPerSource { get; set; } = 1000;

    /// <summary>What Retry-After says for a limit that cannot tell when it frees up (open connections).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>The largest request body (JSON bodies and forms); larger ones get 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = Chat.JsonBody.MaxBytes;

    /// <summary>The largest /ws/chat message; a larger one closes the socket with 1009.</summary>
    public int MaxChatMessageBytes { get; set; } = Chat.ChatWebSocket.MaxMessageBytes;

    /// <summary>The largest Twilio Media Streams message; a larger one closes the stream with 1008.</summary>
    public int MaxTwilioMessageBytes { get; set; } = Media.Twilio.TwilioMediaEndpoint.MaxMessageBytes;

    /// <summary>The longest audio frame on /media/pcm and /media/agent; a longer one closes the socket with 1003.</summary>
    public int MaxAudioFrameMilliseconds { get; set; } = 1000;
}
