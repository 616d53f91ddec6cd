using CallCenter.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CallCenter.Tests.Infrastructure;

/// <summary>Two silos in this process with the real grains, storage and CRM on one temp SQLite file. Shared per collection.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public string DatabasePath { get; } = TestPaths.NewDatabase("cluster");

    public DemoClock Clock { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Settings a derived fixture adds to (or overrides in) the silos' configuration.</summary>
    protected virtual Dictionary<string, string?> ExtraSettings() => [];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = DatabasePath,
            ["Calls:IdleTimeoutMinutes"] = "5",
            ["Calls:IdleCheckSeconds"] = "1",
            ["Calls:HoldLeaseSeconds"] = "3",
        }).AddInMemoryCollection(ExtraSettings()));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.AddCallCenterGrains();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
