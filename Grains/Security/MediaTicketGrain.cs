namespace CallCenter.Security;

/// <summary>A media ticket's single use, cluster-wide: whichever Gateway a replayed connection reaches asks this grain.</summary>
public sealed class MediaTicketGrain(TimeProvider time) : Grain, IMediaTicketGrain
{
    private bool _used;

    public Task<bool> UseAsync(DateTimeOffset expiresAt)
    {
        if (_used)
        {
            return Task.FromResult(false);
        }

        _used = true;
        // Kept (and so remembered) until the ticket has expired; after that its expiry alone refuses it.
        if (expiresAt - time.GetUtcNow() is var left && left > TimeSpan.Zero)
        {
            DelayDeactivation(left + TimeSpan.FromMinutes(1));
        }

        return Task.FromResult(true);
    }
}
