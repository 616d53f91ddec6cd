using Orleans.Storage;

namespace CallCenter.Storage;

/// <summary>
/// The engine's grain storage (whichever the host chose) with its store's failures said as
/// <see cref="StoreUnavailableException"/>. Needed for reads above all: a grain whose state cannot be read fails to
/// activate before any call reaches it, and Orleans sends the caller the storage's own exception, which a Gateway
/// process could not even deserialize (a new call while PostgreSQL was down got a 500). Being an OrleansException, it
/// passes Orleans' storage bridge unwrapped.
/// </summary>
public sealed class StoreFailureStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        SayAsync(inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        SayAsync(inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        SayAsync(inner.ClearStateAsync(stateName, grainId, grainState));

    // Orleans registers a storage's own start-up (creating its tables, connecting) through the storage it resolves.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task SayAsync(Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception ex) when (StoreFailureFilter.AsStoreFailure(ex) is { } failure)
        {
            throw failure;
        }
    }
}
