using CallCenter.Admission;

namespace CallCenter.Gateway.Admission;

/// <summary>Calls a Gateway admitted that the load table's figures may not include yet.</summary>
public readonly record struct PendingCount(int Calls, int VoiceCalls)
{
    public static PendingCount None => default;
}

/// <summary>
/// The calls this Gateway admitted that the load table may not show yet: those still starting, and those started whose
/// silo has not reported them. Silos report every second and the Gateway reads the table at most every 250 ms; without
/// this a burst of starts between two reads would all be admitted on the same figures. A started call's
/// <see cref="LoadStamp"/> says exactly when it is in the figures (its silo's <see cref="SiloLoad.CallsAdded"/> reached
/// the stamp): no clocks are compared, so a call is never counted twice nor forgotten early. A call is also forgotten
/// when complete figures no longer list its silo (gone, with its calls), and after <c>maxAge</c> whatever happens (a
/// start that returned no stamp). Not thread-safe: <see cref="CallAdmission"/> holds a lock around it.
/// </summary>
public sealed class PendingCalls
{
    private readonly List<(LoadStamp? Counted, bool Voice, long StartedAt)> _started = [];
    private int _starting;
    private int _startingVoice;

    /// <summary>An admitted call is starting.</summary>
    public void Begin(bool voice)
    {
        _starting++;
        if (voice) _startingVoice++;
    }

    /// <summary>An admitted call finished starting at <paramref name="timestamp"/>; <paramref name="counted"/> is where, or null when the start failed.</summary>
    public void End(bool voice, bool started, LoadStamp? counted, long timestamp)
    {
        _starting--;
        if (voice) _startingVoice--;
        if (started)
        {
            _started.Add((counted, voice, timestamp));
        }
    }

    /// <summary>The pending calls: those still starting, and those <paramref name="figures"/> do not show yet.</summary>
    /// <param name="expired">Whether a call started at a timestamp has been pending too long to keep counting.</param>
    public PendingCount Count(ClusterLoad figures, Func<long, bool> expired)
    {
        _started.RemoveAll(call => expired(call.StartedAt) || (call.Counted is { } counted && Shows(figures, counted)));
        return new PendingCount(_starting + _started.Count, _startingVoice + _started.Count(c => c.Voice));
    }

    private static bool Shows(ClusterLoad figures, LoadStamp counted)
    {
        foreach (var silo in figures.Silos)
        {
            if (silo.Load.Silo.Equals(counted.Silo))
            {
                return silo.Load.CallsAdded >= counted.CallsAdded;
            }
        }

        return figures.Complete && figures.Silos.Length > 0; // complete figures without its silo: the silo is gone, and its calls with it
    }
}
