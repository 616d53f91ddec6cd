namespace CallCenter.Draining;

/// <summary>
/// The grain directory of the grains of calls (<see cref="IMovesOnDrain"/>): Orleans' distributed directory, which hands
/// its ranges over when a silo leaves and rebuilds them from the silos' activations when one dies. Orleans' default
/// directory deactivates every activation whose registration the leaving silo held (about 1/N of all of them, on every
/// silo), which would undo the drain's live moves and drop what the grains of a voice call hold in memory.
/// </summary>
public static class CallDirectory
{
    public const string Name = "calls";
}

/// <summary>
/// The grains of one call in progress, all keyed by the call id (the call, its recognition, its synthesis, its audio
/// bridge). A draining silo moves them to another silo together, live: each carries what it holds in memory across the
/// move (<see cref="IGrainMigrationParticipant"/>). Every other grain is deactivated as Orleans does at shutdown and comes
/// back from storage on its next call.
/// </summary>
public interface IMovesOnDrain
{
    /// <summary>
    /// False when there is nothing to carry: an ended call's grain, idle until it is collected, is left to deactivate
    /// with the silo. Read by the drain from outside the grain: a value a moment old is good enough.
    /// </summary>
    bool ServesCall => true;
}
