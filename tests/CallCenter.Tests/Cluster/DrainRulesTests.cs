using CallCenter.Admission;
using CallCenter.Draining;
using static CallCenter.Tests.Admission.AdmissionPolicyTests;

namespace CallCenter.Tests.Cluster;

/// <summary>The drain's rules without a cluster: where a draining silo's calls may go, and its settings.</summary>
public sealed class DrainRulesTests
{
    [Fact]
    public void Calls_move_to_the_other_silos_that_take_calls_including_one_that_just_joined()
    {
        var load = new ClusterLoad(
        [
            new ReportedLoad(new SiloLoad(SiloAt(1), 5, 0, 0, 0), TimeSpan.Zero),
            new ReportedLoad(new SiloLoad(SiloAt(2), 2, 0, 0, 0), TimeSpan.Zero),
            new ReportedLoad(new SiloLoad(SiloAt(3), 4, 0, 0, 0, Accepting: false), TimeSpan.Zero), // draining too
        ], Complete: false);

        // Silo 4 is active but has not reported yet: it just joined.
        Assert.Equal([SiloAt(2), SiloAt(4)], SiloDrain.Targets(SiloAt(1), [SiloAt(1), SiloAt(2), SiloAt(3), SiloAt(4)], load));
        Assert.Empty(SiloDrain.Targets(SiloAt(1), [SiloAt(1), SiloAt(3)], load)); // nowhere to go: the calls stay in storage
    }

    [Theory]
    [InlineData(30, 20, null)]
    [InlineData(30, 0, null)]
    [InlineData(0, 0, "Drain:TimeoutSeconds must be at least 1")]
    [InlineData(30, 30, "Drain:MoveCallsSeconds must be from 0 to less than Drain:TimeoutSeconds (30)")]
    [InlineData(30, -1, "Drain:MoveCallsSeconds must be from 0 to less than Drain:TimeoutSeconds (30)")]
    public void The_settings_must_leave_time_to_leave_the_cluster(int timeout, int moveCalls, string? problem)
    {
        var options = new DrainOptions { TimeoutSeconds = timeout, MoveCallsSeconds = moveCalls };
        if (problem is null)
        {
            Assert.Null(options.Problem());
        }
        else
        {
            Assert.StartsWith(problem, options.Problem());
        }
    }
}
