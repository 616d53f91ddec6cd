using System.Net;
using CallCenter.Admission;
using CallCenter.Gateway.Admission;
using Orleans.Runtime;

namespace CallCenter.Tests.Admission;

/// <summary>The admission rules on the load table's figures, without a cluster.</summary>
public sealed class AdmissionPolicyTests
{
    internal static SiloAddress SiloAt(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), n);

    internal static ReportedLoad Report(int silo, int calls, int max, int voice = 0, int maxVoice = 0, bool accepting = true) =>
        new(new SiloLoad(SiloAt(silo), calls, voice, max, maxVoice, accepting), TimeSpan.FromMilliseconds(300));

    private static ClusterLoad Cluster(params ReportedLoad[] silos) => new(silos, Complete: true);

    [Fact]
    public void A_call_is_admitted_while_the_cluster_has_room_and_refused_once_it_is_full()
    {
        var load = Cluster(Report(1, calls: 4, max: 5), Report(2, calls: 5, max: 5));
        Assert.Null(AdmissionPolicy.Decide(load, PendingCount.None, voice: false));

        var full = Cluster(Report(1, calls: 5, max: 5), Report(2, calls: 5, max: 5));
        Assert.Equal(AdmissionLimit.Calls, AdmissionPolicy.Decide(full, PendingCount.None, voice: false));
    }

    [Fact]
    public void The_capacity_is_the_clusters_not_each_silos()
    {
        // One silo is over its own limit (a call it reactivated, say); the other has room: the cluster takes the call.
        var load = Cluster(Report(1, calls: 7, max: 5), Report(2, calls: 2, max: 5));
        Assert.Null(AdmissionPolicy.Decide(load, PendingCount.None, voice: false));
    }

    [Fact]
    public void Calls_admitted_here_but_not_yet_in_the_figures_count()
    {
        var load = Cluster(Report(1, calls: 3, max: 5));
        Assert.Null(AdmissionPolicy.Decide(load, new PendingCount(1, 0), voice: false));
        Assert.Equal(AdmissionLimit.Calls, AdmissionPolicy.Decide(load, new PendingCount(2, 0), voice: false));
    }

    [Fact]
    public void Voice_calls_have_their_own_limit_and_count_toward_the_calls_limit_too()
    {
        var load = Cluster(Report(1, calls: 3, max: 10, voice: 2, maxVoice: 2));
        Assert.Equal(AdmissionLimit.VoiceCalls, AdmissionPolicy.Decide(load, PendingCount.None, voice: true));
        Assert.Null(AdmissionPolicy.Decide(load, PendingCount.None, voice: false)); // a chat still fits

        var fullOfChats = Cluster(Report(1, calls: 10, max: 10, voice: 0, maxVoice: 2));
        Assert.Equal(AdmissionLimit.Calls, AdmissionPolicy.Decide(fullOfChats, PendingCount.None, voice: true));
        Assert.Equal(AdmissionLimit.VoiceCalls, AdmissionPolicy.Decide(Cluster(Report(1, calls: 1, max: 10, voice: 1, maxVoice: 2)), new PendingCount(1, 1), voice: true));
    }

    [Fact]
    public void A_silo_without_a_limit_makes_the_cluster_unlimited()
    {
        var load = Cluster(Report(1, calls: 500, max: 5), Report(2, calls: 500, max: 0));
        Assert.Null(AdmissionPolicy.Decide(load, PendingCount.None, voice: true));
    }

    [Fact]
    public void A_leaving_silo_keeps_its_calls_in_the_load_but_takes_its_capacity_away()
    {
        var load = Cluster(Report(1, calls: 3, max: 5), Report(2, calls: 2, max: 5, accepting: false));
        Assert.Equal(AdmissionLimit.Calls, AdmissionPolicy.Decide(load, PendingCount.None, voice: false));

        var allLeaving = Cluster(Report(1, calls: 0, max: 0, accepting: false));
        Assert.Equal(AdmissionLimit.Calls, AdmissionPolicy.Decide(allLeaving, PendingCount.None, voice: false));
    }

    [Fact]
    public void Too_little_known_admits()
    {
        var partial = new ClusterLoad([Report(1, calls: 5, max: 5)], Complete: false);
        Assert.Null(AdmissionPolicy.Decide(partial, PendingCount.None, voice: false));
        Assert.Null(AdmissionPolicy.Decide(ClusterLoad.Unknown, new PendingCount(100, 100), voice: true));
    }

    [Fact]
    public void A_started_call_stays_pending_until_its_silo_reports_it()
    {
        var pending = new PendingCalls();
        static bool Never(long _) => false;
        pending.Begin(voice: true);
        pending.Begin(voice: false);
        pending.Begin(voice: false);
        Assert.Equal(new PendingCount(3, 1), pending.Count(ClusterLoad.Unknown, Never));

        pending.End(voice: false, started: false, counted: null, timestamp: 10); // its start failed: withdrawn
        pending.End(voice: true, started: true, new LoadStamp(SiloAt(1), CallsAdded: 7), timestamp: 20);
        pending.End(voice: false, started: true, new LoadStamp(SiloAt(2), CallsAdded: 3), timestamp: 30);
        Assert.Equal(new PendingCount(2, 1), pending.Count(ClusterLoad.Unknown, Never));

        // Silo 1's report read its count before the voice call was added there; silo 2 has not reported.
        var before = new ClusterLoad([new ReportedLoad(new SiloLoad(SiloAt(1), 6, 0, 10, 10, CallsAdded: 6), TimeSpan.Zero)], Complete: false);
        Assert.Equal(new PendingCount(2, 1), pending.Count(before, Never));

        var after = new ClusterLoad([new ReportedLoad(new SiloLoad(SiloAt(1), 7, 1, 10, 10, CallsAdded: 7), TimeSpan.Zero)], Complete: false);
        Assert.Equal(new PendingCount(1, 0), pending.Count(after, Never));

        // Complete figures without silo 2: it is gone, and the call with it.
        var gone = new ClusterLoad([new ReportedLoad(new SiloLoad(SiloAt(1), 7, 1, 10, 10, CallsAdded: 7), TimeSpan.Zero)], Complete: true);
        Assert.Equal(PendingCount.None, pending.Count(gone, Never));
    }

    [Fact]
    public void A_call_started_without_a_stamp_is_counted_until_it_expires()
    {
        var pending = new PendingCalls();
        pending.Begin(voice: false);
        pending.End(voice: false, started: true, counted: null, timestamp: 5);
        var figures = new ClusterLoad([Report(1, calls: 9, max: 10)], Complete: true);
        Assert.Equal(new PendingCount(1, 0), pending.Count(figures, startedAt => startedAt < 0));
        Assert.Equal(PendingCount.None, pending.Count(figures, startedAt => startedAt < 10));
    }
}
