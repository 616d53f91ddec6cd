using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// One silo's load as it reports it: its calls in progress (those whose call grain is active on it) and the limits it
/// is configured with (0 = no limit). <paramref name="Accepting"/> is false while the silo is leaving the cluster: its
/// calls still count, its capacity no longer does. <paramref name="CallsAdded"/> is the silo's running count of calls
/// it has taken on (started or reactivated), read before <paramref name="ActiveCalls"/>: a call whose start returned
/// <see cref="LoadStamp"/> n is in these figures once this is n or more.
/// </summary>
[GenerateSerializer, Immutable, Alias("SiloLoad")]
public sealed record SiloLoad(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] int ActiveCalls,
    [property: Id(2)] int ActiveVoiceCalls,
    [property: Id(3)] int MaxCalls,
    [property: Id(4)] int MaxVoiceCalls,
    [property: Id(5)] bool Accepting = true,
    [property: Id(6)] long CallsAdded = 0);

/// <summary>
/// Where a call that just started was counted: its silo, and that silo's <see cref="SiloLoad.CallsAdded"/> once it was.
/// A Gateway keeps counting the call itself until the silo's report shows it.
/// </summary>
[GenerateSerializer, Immutable, Alias("LoadStamp")]
public sealed record LoadStamp([property: Id(0)] SiloAddress Silo, [property: Id(1)] long CallsAdded);

/// <summary>A silo's last report and how long ago the load table received it.</summary>
[GenerateSerializer, Immutable, Alias("ReportedLoad")]
public sealed record ReportedLoad([property: Id(0)] SiloLoad Load, [property: Id(1)] TimeSpan Age);

/// <summary>
/// The cluster's load as the load table knows it: the latest report of every silo that is reporting.
/// <paramref name="Complete"/> is false when an active silo of the cluster has not reported yet (the table was just
/// activated, or the silo just joined): then the figures say too little to refuse anyone.
/// </summary>
[GenerateSerializer, Immutable, Alias("ClusterLoad")]
public sealed record ClusterLoad([property: Id(0)] ReportedLoad[] Silos, [property: Id(1)] bool Complete)
{
    public static ClusterLoad Unknown { get; } = new([], false);

    public int ActiveCalls => Silos.Sum(s => s.Load.ActiveCalls);

    public int ActiveVoiceCalls => Silos.Sum(s => s.Load.ActiveVoiceCalls);
}
