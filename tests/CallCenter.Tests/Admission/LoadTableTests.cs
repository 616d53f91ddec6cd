using CallCenter.Admission;
using Orleans.Runtime;
using static CallCenter.Tests.Admission.AdmissionPolicyTests;

namespace CallCenter.Tests.Admission;

/// <summary>The load table's rules (what the grain keeps and answers) and where a new call is placed.</summary>
public sealed class LoadTableTests
{
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    private static TimeSpan Elapsed(long from, long to) => TimeSpan.FromMilliseconds(to - from); // timestamps in ms here

    private static SiloLoad Load(int silo, int calls, int max = 10) => new(SiloAt(silo), calls, 0, max, 0);

    [Fact]
    public void The_latest_report_of_each_silo_is_kept_with_its_age()
    {
        var table = new LoadTable(Expiry);
        table.Report(Load(1, 3), timestamp: 0);
        table.Report(Load(2, 4), timestamp: 500);
        table.Report(Load(1, 5), timestamp: 1000);

        var load = table.Snapshot(1200, _ => SiloStatus.Active, [SiloAt(1), SiloAt(2)], Elapsed);
        Assert.True(load.Complete);
        Assert.Equal(9, load.ActiveCalls);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(700)], load.Silos.Select(s => s.Age));
    }

    [Fact]
    public void A_silo_that_stops_reporting_expires_and_a_dead_one_goes_at_once()
    {
        var table = new LoadTable(Expiry);
        table.Report(Load(1, 3), timestamp: 0);
        table.Report(Load(2, 4), timestamp: 2900);
        table.Report(Load(3, 1), timestamp: 2900);

        var load = table.Snapshot(3100, s => s.Equals(SiloAt(3)) ? SiloStatus.Dead : SiloStatus.Active, [SiloAt(2)], Elapsed);
        Assert.Equal([SiloAt(2)], load.Silos.Select(s => s.Load.Silo));
        Assert.Equal([SiloAt(2)], table.Snapshot(3100, _ => SiloStatus.Active, [SiloAt(2)], Elapsed).Silos.Select(s => s.Load.Silo)); // gone for good
    }

    [Fact]
    public void A_shutting_down_silo_keeps_its_calls_without_capacity_and_an_unknown_one_is_kept()
    {
        var table = new LoadTable(Expiry);
        table.Report(Load(1, 3), timestamp: 0);
        table.Report(Load(2, 4), timestamp: 0);

        // Silo 2 is not in this membership view yet (views lag a join): kept.
        var load = table.Snapshot(100, s => s.Equals(SiloAt(1)) ? SiloStatus.ShuttingDown : SiloStatus.None, [], Elapsed);
        Assert.Equal(7, load.ActiveCalls);
        Assert.False(load.Silos.Single(s => s.Load.Silo.Equals(SiloAt(1))).Load.Accepting);
        Assert.True(load.Silos.Single(s => s.Load.Silo.Equals(SiloAt(2))).Load.Accepting);
    }

    [Fact]
    public void The_figures_are_incomplete_until_every_active_silo_has_reported()
    {
        var table = new LoadTable(Expiry);
        table.Report(Load(1, 3), timestamp: 0);
        Assert.False(table.Snapshot(10, _ => SiloStatus.Active, [SiloAt(1), SiloAt(2)], Elapsed).Complete);
        table.Report(Load(2, 0), timestamp: 20);
        Assert.True(table.Snapshot(30, _ => SiloStatus.Active, [SiloAt(1), SiloAt(2)], Elapsed).Complete);
        table.Remove(SiloAt(2));
        Assert.False(table.Snapshot(40, _ => SiloStatus.Active, [SiloAt(1), SiloAt(2)], Elapsed).Complete);
    }

    [Fact]
    public void A_new_call_goes_to_the_least_full_silo_and_a_new_silo_counts_as_empty()
    {
        var loads = new Dictionary<SiloAddress, SiloLoad>
        {
            [SiloAt(1)] = new(SiloAt(1), 50, 0, 100, 0),
            [SiloAt(2)] = new(SiloAt(2), 30, 0, 40, 0), // fewer calls, but fuller
            [SiloAt(3)] = new(SiloAt(3), 10, 0, 100, 0),
        };
        Assert.Equal(SiloAt(3), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(2), SiloAt(3)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));
        Assert.Equal(SiloAt(1), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(2)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));
        Assert.Equal(SiloAt(4), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(3), SiloAt(4)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));

        // Calls placed since the figures count: silo 3 has had its share.
        Assert.Equal(SiloAt(1), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(3)], loads, new Dictionary<SiloAddress, int> { [SiloAt(3)] = 41 }, new Random(1)));
    }

    [Fact]
    public void Voice_fullness_leaving_silos_and_ties_decide_too()
    {
        var loads = new Dictionary<SiloAddress, SiloLoad>
        {
            [SiloAt(1)] = new(SiloAt(1), 10, 9, 100, 10), // 90 % of its voice lines
            [SiloAt(2)] = new(SiloAt(2), 40, 0, 100, 10),
            [SiloAt(3)] = new(SiloAt(3), 0, 0, 100, 10, Accepting: false),
        };
        Assert.Equal(SiloAt(2), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(2), SiloAt(3)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));
        Assert.Equal(SiloAt(1), CallPlacementPolicy.Choose([SiloAt(1), SiloAt(3)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));
        Assert.Equal(SiloAt(3), CallPlacementPolicy.Choose([SiloAt(3)], loads, new Dictionary<SiloAddress, int>(), new Random(1)));

        // Unlimited, equally loaded silos: either may be picked, and both are.
        var even = new Dictionary<SiloAddress, SiloLoad> { [SiloAt(1)] = new(SiloAt(1), 5, 0, 0, 0), [SiloAt(2)] = new(SiloAt(2), 5, 0, 0, 0) };
        var random = new Random(7);
        var picks = Enumerable.Range(0, 50).Select(_ => CallPlacementPolicy.Choose([SiloAt(1), SiloAt(2)], even, new Dictionary<SiloAddress, int>(), random)).ToHashSet();
        Assert.Equal(2, picks.Count);
    }

    [Fact]
    public void The_silos_view_spreads_its_own_placements_between_reports()
    {
        var view = new ClusterLoadView();
        view.Update(new ClusterLoad([Report(1, calls: 0, max: 0), Report(2, calls: 0, max: 0)], Complete: true));
        var placed = Enumerable.Range(0, 10).Select(_ => view.Place([SiloAt(1), SiloAt(2)])).ToList();
        Assert.Equal(5, placed.Count(s => s.Equals(SiloAt(1))));
        Assert.Equal(5, placed.Count(s => s.Equals(SiloAt(2))));
    }
}
