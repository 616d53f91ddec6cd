namespace CallCenter.Gateway.Hosting;

/// <summary>
/// A local object that grains call back, registered with Orleans for as long as this registration lives.
/// Orleans keeps the object behind <see cref="IGrainFactory.CreateObjectReference{TGrainObserverInterface}"/> only through
/// a weak reference: an observer nobody else holds is collected by the next garbage collection, and every call to it then
/// fails with "Unexpected target grain" (the agent stopped hearing the caller on a loaded run). This holds it strongly and
/// deletes the reference on dispose.
/// </summary>
public sealed class ObserverRegistration<T> : IDisposable where T : class, IGrainObserver
{
    private readonly IGrainFactory _grains;
    private T? _observer;

    public ObserverRegistration(IGrainFactory grains, T observer)
    {
        _grains = grains;
        _observer = observer;
        Reference = grains.CreateObjectReference<T>(observer);
    }

    /// <summary>The reference to hand to grains.</summary>
    public T Reference { get; }

    public void Dispose()
    {
        if (_observer is null)
        {
            return;
        }

        _grains.DeleteObjectReference<T>(Reference);
        _observer = null;
    }
}

public static class ObserverRegistrationExtensions
{
    /// <summary>Registers <paramref name="observer"/> for grains to call until the registration is disposed.</summary>
    public static ObserverRegistration<T> RegisterObserver<T>(this IGrainFactory grains, T observer) where T : class, IGrainObserver =>
        new(grains, observer);
}
