using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// This silo's view of the cluster's load, for placing call grains: the load table's answer to the silo's last report
/// (at most one report interval old), plus the calls this silo placed since then. Each placement adds as many calls to
/// its target as there are silos: every silo places calls, and between reports the others are assumed to place on the
/// same emptiest silo at the same rate, so a new silo is not flooded by all of them at once.
/// </summary>
public sealed class ClusterLoadView
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, int> _placedSince = [];
    private Dictionary<SiloAddress, SiloLoad> _loads = [];

    public ClusterLoad Current { get; private set; } = ClusterLoad.Unknown;

    public void Update(ClusterLoad load)
    {
        lock (_lock)
        {
            Current = load;
            _loads = load.Silos.ToDictionary(s => s.Load.Silo, s => s.Load);
            _placedSince.Clear();
        }
    }

    /// <summary>Picks the silo for a new call grain among <paramref name="compatible"/> and counts it there.</summary>
    public SiloAddress Place(SiloAddress[] compatible)
    {
        lock (_lock)
        {
            var chosen = CallPlacementPolicy.Choose(compatible, _loads, _placedSince, Random.Shared);
            _placedSince[chosen] = _placedSince.GetValueOrDefault(chosen) + Math.Max(1, _loads.Count);
            return chosen;
        }
    }
}

/// <summary>
/// Which silo a new call goes to: one that takes calls (not leaving the cluster), then the least full (calls over its
/// limit, the voice calls over the voice limit, whichever is fuller), then the fewest calls; ties at random. A silo
/// without limits is never full, and one not yet in the load table counts as empty (it just joined).
/// </summary>
public static class CallPlacementPolicy
{
    public static SiloAddress Choose(
        IReadOnlyList<SiloAddress> compatible, IReadOnlyDictionary<SiloAddress, SiloLoad> loads, IReadOnlyDictionary<SiloAddress, int> placedSince, Random random)
    {
        if (compatible.Count == 0)
        {
            throw new ArgumentException("No silo to choose from.", nameof(compatible));
        }

        var best = new List<SiloAddress>(compatible.Count);
        (bool Leaving, double Fullness, int Calls) bestScore = default;
        foreach (var silo in compatible)
        {
            var score = Score(loads.GetValueOrDefault(silo), placedSince.GetValueOrDefault(silo));
            var order = best.Count == 0 ? -1 : Compare(score, bestScore);
            if (order < 0)
            {
                best.Clear();
                bestScore = score;
            }

            if (order <= 0)
            {
                best.Add(silo);
            }
        }

        return best.Count == 1 ? best[0] : best[random.Next(best.Count)];
    }

    private static (bool Leaving, double Fullness, int Calls) Score(SiloLoad? load, int placed)
    {
        if (load is null)
        {
            return (false, 0, placed);
        }

        var calls = load.ActiveCalls + placed;
        var fullness = Math.Max(
            load.MaxCalls > 0 ? (double)calls / load.MaxCalls : 0,
            load.MaxVoiceCalls > 0 ? (double)load.ActiveVoiceCalls / load.MaxVoiceCalls : 0);
        return (!load.Accepting, fullness, calls);
    }

    private static int Compare((bool Leaving, double Fullness, int Calls) a, (bool Leaving, double Fullness, int Calls) b) =>
        a.Leaving != b.Leaving ? (a.Leaving ? 1 : -1)
        : a.Fullness != b.Fullness ? a.Fullness.CompareTo(b.Fullness)
        : a.Calls.CompareTo(b.Calls);
}
