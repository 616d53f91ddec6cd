namespace CallCenter.Security;

/// <summary>
/// One media ticket (a /media/pcm token, a Twilio stream URL), keyed by the ticket's random id: good for one connection.
/// In memory: it remembers the use until the ticket has expired, after which the ticket's own expiry refuses it.
/// </summary>
[Alias("IMediaTicketGrain")]
public interface IMediaTicketGrain : IGrainWithStringKey
{
    /// <summary>True the first time the ticket is used; false every time after.</summary>
    [Alias("Use")]
    Task<bool> UseAsync(DateTimeOffset expiresAt);
}
