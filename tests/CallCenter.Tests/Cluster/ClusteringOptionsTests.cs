using CallCenter.Clustering;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Tests.Cluster;

public sealed class ClusteringOptionsTests
{
    [Fact]
    public void The_defaults_are_a_localhost_cluster_advertised_on_loopback()
    {
        var options = new ConfigurationBuilder().Build().GetClusteringOptions<ClusteringOptions>();
        Assert.Equal(ClusteringKind.Localhost, options.Kind);
        Assert.Equal("127.0.0.1", options.AdvertisedAddress().ToString());
        Assert.Equal((11111, 30000), (options.SiloPort, options.GatewayPort));
    }

    [Fact]
    public void Postgres_reads_its_connection_string_and_endpoint()
    {
        var options = Read(("Orleans:ClusteringMode", "Postgres"), ("Orleans:ConnectionString", "Host=db;Database=cc"),
            ("Orleans:AdvertisedIP", "10.0.0.7"), ("Orleans:SiloPort", "11112"));
        Assert.Equal(ClusteringKind.Postgres, options.Kind);
        Assert.Equal("Host=db;Database=cc", options.RequireConnectionString());
        Assert.Equal("10.0.0.7", options.AdvertisedAddress().ToString());
        Assert.Equal(11112, options.SiloPort);
    }

    [Theory]
    [InlineData("Orleans:ClusteringMode", "Redis", "Orleans:ClusteringMode must be Localhost or Postgres")]
    [InlineData("Orleans:AdvertisedIP", "silo-1.local", "Orleans:AdvertisedIP must be an IP address")]
    public void A_bad_value_is_refused_with_the_setting_named(string key, string value, string message)
    {
        var options = Read((key, value));
        var error = Assert.Throws<InvalidOperationException>(() => (options.Kind, options.AdvertisedAddress()));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_setting_and_its_environment_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Orleans:ClusteringMode", "Postgres")).RequireConnectionString());
        Assert.Contains("Orleans__ConnectionString", error.Message);
    }

    [Fact]
    public void A_plain_Orleans_Clustering_value_which_Orleans_itself_would_fail_on_points_to_ClusteringMode()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Orleans:Clustering", "Postgres")));
        Assert.Contains("Orleans:ClusteringMode", error.Message);
    }

    private static ClusteringOptions Read(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
        .Build()
        .GetClusteringOptions<ClusteringOptions>();
}
