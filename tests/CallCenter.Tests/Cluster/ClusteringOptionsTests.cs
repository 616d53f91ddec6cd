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
    [InlineData("Orleans:ClusteringMode", "Consul", "Orleans:ClusteringMode must be Localhost, Postgres or Redis, not 'Consul'")]
    [InlineData("Orleans:AdvertisedIP", "silo-1.local", "Orleans:AdvertisedIP must be an IP address")]
    public void A_bad_value_is_refused_with_the_setting_named(string key, string value, string message)
    {
        var options = Read((key, value));
        var error = Assert.Throws<InvalidOperationException>(() => (options.Kind, options.AdvertisedAddress()));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Redis_reads_a_StackExchange_Redis_configuration_string_with_its_options()
    {
        var options = Read(("Orleans:ClusteringMode", "redis"), ("Orleans:ConnectionString", "cache-1:6380,cache-2:6380,password=s3cret,ssl=true,defaultDatabase=2"));
        var redis = options.RedisConfiguration();
        Assert.Equal(ClusteringKind.Redis, options.Kind);
        Assert.Equal(["cache-1:6380", "cache-2:6380"], redis.EndPoints.Select(e => e is System.Net.DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : e.ToString()));
        Assert.Equal("s3cret", redis.Password);
        Assert.True(redis.Ssl);
        Assert.Equal(2, redis.DefaultDatabase);
        Assert.Null(options.SeparateRecordsConnectionString());
        Assert.Null(options.MigrationConnectionString());
    }

    [Fact]
    public void Redis_with_a_records_connection_string_keeps_the_records_in_that_PostgreSQL_database_and_migrates_it()
    {
        var options = Read(("Orleans:ClusteringMode", "Redis"), ("Orleans:ConnectionString", "127.0.0.1:6379"),
            ("Orleans:RecordsConnectionString", "Host=db;Database=records"));
        Assert.Equal("Host=db;Database=records", options.SeparateRecordsConnectionString());
        Assert.Equal("Host=db;Database=records", options.MigrationConnectionString());
    }

    [Theory]
    [InlineData("Host=db;Database=cc", "Keyword 'Host' is not supported")]
    [InlineData("password=s3cret", "names no Redis server")]
    public void A_connection_string_that_is_not_Redis_s_is_refused_with_what_is_wrong_but_not_the_password(string value, string message)
    {
        var options = Read(("Orleans:ClusteringMode", "Redis"), ("Orleans:ConnectionString", value));
        var error = Assert.Throws<InvalidOperationException>(options.RedisConfiguration);
        Assert.StartsWith("Orleans:ConnectionString ", error.Message);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void Redis_without_a_connection_string_says_it_wants_a_Redis_configuration_string()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Orleans:ClusteringMode", "Redis")).RedisConfiguration());
        Assert.Contains("Orleans__ConnectionString", error.Message);
        Assert.Contains("host:6379,password=", error.Message);
    }

    [Theory]
    [InlineData("Postgres", "in the database of Orleans:ConnectionString")]
    [InlineData("Localhost", "in the embedded SQLite database")]
    public void A_records_connection_string_outside_Redis_is_refused_rather_than_ignored(string mode, string where)
    {
        var options = Read(("Orleans:ClusteringMode", mode), ("Orleans:ConnectionString", "Host=db"), ("Orleans:RecordsConnectionString", "Host=other"));
        var error = Assert.Throws<InvalidOperationException>(options.SeparateRecordsConnectionString);
        Assert.Contains("only for Orleans:ClusteringMode=Redis", error.Message);
        Assert.Contains(where, error.Message);
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
