using CallCenter.Admission;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace CallCenter.Tests.Admission;

/// <summary>A 2-silo cluster of its own (a third silo joins in one test): silos report their calls every 200 ms.</summary>
public sealed class PlacementClusterFixture : ClusterFixture
{
    protected override Dictionary<string, string?> ExtraSettings() => new()
    {
        ["Admission:MaxActiveCallsPerSilo"] = "100",
        ["Admission:ReportIntervalMs"] = "200",
    };
}

[CollectionDefinition(Name)]
public sealed class PlacementCollection : ICollectionFixture<PlacementClusterFixture>
{
    public const string Name = "placement";
}

/// <summary>Where call grains go: spread over the silos by their calls, and a silo that joins takes its share of new calls.</summary>
[Collection(PlacementCollection.Name)]
public sealed class CallPlacementTests(PlacementClusterFixture fixture, ITestOutputHelper output)
{
    private ILoadTableGrain Table => fixture.Grains.GetGrain<ILoadTableGrain>(LoadTableKeys.Default);

    [Fact]
    public async Task New_calls_spread_over_both_silos_and_each_reports_its_own()
    {
        var calls = await StartCallsAsync(20);
        var bySilo = calls.GroupBy(Location).ToDictionary(g => g.Key!, g => g.Count());
        var silos = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress).ToArray();
        output.WriteLine($"20 calls: {string.Join(", ", silos.Select(s => bySilo.GetValueOrDefault(s)))} per silo");
        Assert.Equal(2, silos.Length);
        Assert.All(silos, silo => Assert.True(bySilo.GetValueOrDefault(silo) >= 5, $"{silo} got {bySilo.GetValueOrDefault(silo)} of 20 calls"));

        // Each silo reports the calls it holds, with its limit: the cluster's capacity is their sum.
        await WaitForAsync(async () =>
        {
            var load = await Table.GetAsync();
            return load.Complete && load.Silos.Length == 2
                && load.Silos.All(s => s.Load.ActiveCalls == bySilo.GetValueOrDefault(s.Load.Silo) && s.Load.MaxCalls == 100);
        });

        await HangUpAsync(calls);
        await WaitForAsync(async () => (await Table.GetAsync()).ActiveCalls == 0);
    }

    [Fact]
    public async Task A_silo_that_joins_takes_a_fair_share_of_new_calls_and_leaves_the_table_when_it_stops()
    {
        var before = await StartCallsAsync(10);
        var joined = await fixture.Cluster.StartAdditionalSiloAsync();
        try
        {
            await fixture.Cluster.WaitForLivenessToStabilizeAsync();
            await WaitForAsync(async () => (await Table.GetAsync()) is { Complete: true, Silos.Length: 3 });

            var after = await StartCallsAsync(12);
            var onNewSilo = after.Count(c => joined.SiloAddress.Equals(Location(c)));
            output.WriteLine($"the silo that joined got {onNewSilo} of 12 new calls");
            Assert.True(onNewSilo >= 4, $"the new silo got {onNewSilo} of 12 new calls");
            Assert.DoesNotContain(before, c => joined.SiloAddress.Equals(Location(c))); // calls in progress stay where they are

            await HangUpAsync(after);
        }
        finally
        {
            await fixture.Cluster.StopSiloAsync(joined);
        }

        await WaitForAsync(async () => !(await Table.GetAsync()).Silos.Any(s => s.Load.Silo.Equals(joined.SiloAddress)));
        await HangUpAsync(before);
    }

    private async Task<List<ICallGrain>> StartCallsAsync(int count)
    {
        var calls = new List<ICallGrain>();
        for (var i = 0; i < count; i++)
        {
            var call = fixture.Grains.GetGrain<ICallGrain>(Guid.NewGuid().ToString("N"));
            await call.StartAsync(new StartCall(CallChannel.Chat, Language.En, null));
            calls.Add(call);
        }

        return calls;
    }

    private static async Task HangUpAsync(IEnumerable<ICallGrain> calls)
    {
        foreach (var call in calls)
        {
            await call.HangUpAsync();
        }
    }

    private SiloAddress? Location(ICallGrain call) =>
        fixture.Cluster.TryGetGrainContext(call.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the cluster");
            await Task.Delay(100);
        }
    }
}
