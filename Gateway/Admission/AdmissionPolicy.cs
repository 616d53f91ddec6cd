using CallCenter.Admission;

namespace CallCenter.Gateway.Admission;

/// <summary>Which limit a refused call ran into.</summary>
public enum AdmissionLimit
{
    /// <summary>The cluster's calls in progress (all channels) reached the sum of its silos' MaxActiveCallsPerSilo, or no silo takes calls.</summary>
    Calls,
    /// <summary>The cluster's voice calls reached the sum of its silos' MaxVoiceCallsPerSilo.</summary>
    VoiceCalls,
}

/// <summary>
/// Whether a new call may start, from the load table's figures and the calls this Gateway admitted that the figures
/// may not show yet. Rules:
/// <list type="bullet">
/// <item>The cluster's capacity is the sum of the limits of the silos that take calls; one such silo without a limit
/// makes the cluster's unlimited. The load is every reporting silo's calls (a silo leaving the cluster still holds its
/// calls) plus the pending ones.</item>
/// <item>A call is refused when the load has reached the capacity: for every call, the calls limit; for a voice call,
/// the voice limit as well. Existing calls are never affected: only starts are decided here.</item>
/// <item>When the figures are incomplete (the table just moved, a silo just joined and has not reported) or missing
/// (the table cannot be reached), the call is admitted: too little is known to turn a caller away.</item>
/// <item>When silos report but none takes calls (they are all leaving), the call is refused.</item>
/// </list>
/// </summary>
public static class AdmissionPolicy
{
    /// <returns>null to admit; otherwise the limit that refuses the call.</returns>
    public static AdmissionLimit? Decide(ClusterLoad load, PendingCount pending, bool voice)
    {
        if (!load.Complete || load.Silos.Length == 0)
        {
            return null;
        }

        var accepting = load.Silos.Select(s => s.Load).Where(s => s.Accepting).ToArray();
        if (accepting.Length == 0)
        {
            return AdmissionLimit.Calls;
        }

        if (Capacity(accepting, s => s.MaxCalls) is { } calls && load.ActiveCalls + pending.Calls >= calls)
        {
            return AdmissionLimit.Calls;
        }

        if (voice && Capacity(accepting, s => s.MaxVoiceCalls) is { } voiceCalls && load.ActiveVoiceCalls + pending.VoiceCalls >= voiceCalls)
        {
            return AdmissionLimit.VoiceCalls;
        }

        return null;
    }

    /// <summary>The sum of the silos' limits, or null (no limit) when any of them has none.</summary>
    public static int? Capacity(IReadOnlyCollection<SiloLoad> accepting, Func<SiloLoad, int> limit) =>
        accepting.Any(s => limit(s) <= 0) ? null : accepting.Sum(limit);
}
