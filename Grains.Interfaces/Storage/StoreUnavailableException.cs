namespace CallCenter.Storage;

/// <summary>
/// A store the engine keeps calls in (PostgreSQL, Redis or SQLite: call state, records, reminders) failed the request:
/// unreachable, timed out, or refused. What the request would have changed was not kept; a retry may succeed.
/// An <see cref="OrleansException"/>, as the cluster's own transient failures are, so whoever retries those retries this
/// too; its own type, so the Gateway can say what failed. The driver's exception is in the message, not carried along:
/// its type may not be known to (or constructible in) the process that receives it.
/// </summary>
[GenerateSerializer, Alias("StoreUnavailableException")]
public sealed class StoreUnavailableException : OrleansException
{
    public StoreUnavailableException(string store, string cause)
        : base($"The engine's store ({store}) failed: {cause}")
    {
        Store = store;
    }

    /// <summary>PostgreSQL, Redis or SQLite.</summary>
    [Id(0)]
    public string Store { get; private set; }
}
