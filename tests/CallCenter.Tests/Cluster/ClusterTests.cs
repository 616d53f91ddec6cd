using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Cluster;

public sealed class ThreeSiloClusterFixture : PostgresClusterFixture
{
    protected override int SiloCount => 3;

    protected override bool WithGateway => true;
}

/// <summary>Three silo processes and a Gateway process clustered on PostgreSQL.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ClusterTests(ThreeSiloClusterFixture cluster) : ClusterContract(cluster), IClassFixture<ThreeSiloClusterFixture>;

/// <summary>What a cluster of three silo processes and a Gateway process does, whichever store it runs on.</summary>
public abstract class ClusterContract(ProcessClusterFixture cluster)
{
    [Fact]
    public async Task No_process_writes_the_store_password_or_the_keys_it_was_given()
    {
        // Every kind of process has worked: a call through the Gateway process, on the silos.
        var api = new ChatApi(cluster.Gateway!.Http);
        var started = await api.StartAsync("en");
        await api.SayAsync(started.CallId, "where is my order A1001");

        var password = cluster.StorePassword;
        Assert.False(string.IsNullOrEmpty(password));
        foreach (var process in cluster.Silos.Append(cluster.Gateway))
        {
            Assert.False(string.IsNullOrWhiteSpace(process.Output), $"{process.Name} wrote nothing: the check would prove nothing");
            foreach (var secret in new[] { password, TestCredentials.SigningKey, TestCredentials.AdminKey, TestCredentials.TwilioAuthToken })
            {
                Assert.DoesNotContain(secret, process.Output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Three_silos_are_active_in_the_membership_table()
    {
        Assert.Equal(3L, await cluster.MembersAsync(status: 3));
        Assert.Equal(0L, await cluster.MembersAsync(status: 6));
    }

    [Fact]
    public async Task Calls_go_on_whichever_silo_each_request_reaches()
    {
        var silos = cluster.Silos.Select(s => new ChatApi(s.Http)).ToArray();
        var before = await Task.WhenAll(cluster.Silos.Select(ProcessClusterFixture.ActiveCallsAsync));

        // Six calls, each started on one silo and continued on the two others.
        var calls = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var started = await silos[i % 3].StartAsync("en");
            calls.Add(started.CallId);
            var status = await silos[(i + 1) % 3].SayAsync(started.CallId, "where is my order A1001");
            Assert.Equal(Intent.OrderStatus, status.Intent);
            Assert.Contains("A1001", status.Reply);
            var product = await silos[(i + 2) % 3].SayAsync(started.CallId, "how much is the BrewMaster espresso machine?");
            Assert.Contains("349", product.Reply);
        }

        // Every silo reads every call whole; the calls live on more than one silo.
        foreach (var (callId, i) in calls.Select((c, i) => (c, i)))
        {
            var call = await silos[(i + 1) % 3].GetAsync(callId);
            Assert.Equal(5, call.Turns.Length);
            Assert.Equal(["where is my order A1001", "how much is the BrewMaster espresso machine?"],
                call.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        }

        var after = await Task.WhenAll(cluster.Silos.Select(ProcessClusterFixture.ActiveCallsAsync));
        var added = after.Zip(before, (a, b) => a - b).ToArray();
        Assert.Equal(6, added.Sum());
        Assert.True(added.Count(n => n > 0) >= 2, $"calls per silo: {string.Join(", ", added)}");

        // Their state and records are in the cluster's store, not in any silo's memory or file.
        Assert.True(await cluster.StoredCallStatesAsync() >= 6);
        Assert.Equal(30L, await cluster.RecordedTurnsAsync(calls));
        foreach (var (callId, i) in calls.Select((c, i) => (c, i)))
        {
            await silos[i % 3].HangUpAsync(callId);
        }
    }

    [Fact]
    public async Task The_Gateway_process_serves_calls_as_an_Orleans_client_of_the_cluster()
    {
        var gateway = new ChatApi(cluster.Gateway!.Http);
        var started = await gateway.StartAsync("en");
        var reply = await gateway.SayAsync(started.CallId, "I want to send back order A1002");
        Assert.Equal(Intent.ReturnRequest, reply.Intent);
        Assert.Contains("RMA-A1002", reply.Reply);

        // A silo sees the same call, and the Gateway sees a turn a silo took.
        await new ChatApi(cluster.Silos[2].Http).SayAsync(started.CallId, "thanks");
        var call = await gateway.GetAsync(started.CallId);
        Assert.Equal(["I want to send back order A1002", "thanks"], call.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        var listed = await cluster.Gateway.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=active", ApiJson.Options);
        Assert.Contains(listed!.Calls, c => c.CallId == started.CallId);
        await gateway.HangUpAsync(started.CallId);
    }
}
