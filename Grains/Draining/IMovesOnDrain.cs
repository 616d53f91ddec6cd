namespace CallCenter.Draining;

/// <summary>
/// The grains of one call in progress, all keyed by the call id (the call, its recognition, its synthesis, its audio
/// bridge). A draining silo moves them to another silo together, live: each carries what it holds in memory across the
/// move (<see cref="IGrainMigrationParticipant"/>). Every other grain is deactivated as Orleans does at shutdown and comes
/// back from storage on its next call.
/// </summary>
public interface IMovesOnDrain;
