using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CallCenter.Tests.Cluster;

public sealed class TwoSiloClusterFixture : PostgresClusterFixture
{
    protected override int SiloCount => 2;
}

/// <summary>A silo process killed with SIGKILL mid-call: the call goes on on the other silo from its state in PostgreSQL.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class FailoverTests(TwoSiloClusterFixture cluster, ITestOutputHelper output)
    : FailoverContract(cluster, output), IClassFixture<TwoSiloClusterFixture>;

/// <summary>A silo process killed with SIGKILL mid-call, whichever store the cluster runs on.</summary>
public abstract class FailoverContract(ProcessClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task After_SIGKILL_of_the_silo_holding_a_call_the_next_turn_is_answered_by_the_other_with_the_transcript_whole()
    {
        var first = new ChatApi(cluster.Silos[0].Http);
        var started = await first.StartAsync("en");
        await first.SayAsync(started.CallId, "where is my order A1001");
        await new ChatApi(cluster.Silos[1].Http).SayAsync(started.CallId, "how much is the BrewMaster espresso machine?");
        var before = await first.GetAsync(started.CallId);

        var holders = await Task.WhenAll(cluster.Silos.Select(ProcessClusterFixture.ActiveCallsAsync));
        var victim = Array.IndexOf(holders, 1);
        Assert.True(victim >= 0, $"active calls per silo: {string.Join(", ", holders)}");
        cluster.Silos[victim].Kill();
        var killedAt = Stopwatch.StartNew();
        var survivor = cluster.Silos[1 - victim];

        // The caller's app retries the turn while the cluster notices the death (503: nothing was changed).
        var (answer, refused) = await RetryUntilAnsweredAsync(survivor.Http, started.CallId, "I want to send back order A1002");
        output.WriteLine($"Answered {killedAt.Elapsed.TotalSeconds:0.0} s after the SIGKILL, after {refused.Count} refused tries ({string.Join(", ", refused.Distinct())}).");
        Assert.Equal(Intent.ReturnRequest, answer.Intent);
        Assert.Contains("RMA-A1002", answer.Reply);

        var after = await new ChatApi(survivor.Http).GetAsync(started.CallId);
        Assert.Equal(CallStatus.Active, after.Status);
        Assert.Equal(before.Turns.Select(t => (t.Speaker, t.Text)), after.Turns.Take(before.Turns.Length).Select(t => (t.Speaker, t.Text)));
        Assert.Equal(["where is my order A1001", "how much is the BrewMaster espresso machine?", "I want to send back order A1002"],
            after.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        Assert.Equal(before.Turns.Length + 2, after.Turns.Length);
        Assert.Equal(1L, await cluster.MembersAsync(status: 6));
        await new ChatApi(survivor.Http).HangUpAsync(started.CallId);
    }

    private static async Task<(TurnResponse Answer, List<string> Refused)> RetryUntilAnsweredAsync(HttpClient http, string callId, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var statuses = new List<string>();
        while (true)
        {
            try
            {
                using var response = await new ChatApi(http).SendAsync(HttpMethod.Post, $"api/calls/{callId}/messages", JsonContent.Create(new { text }));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return ((await response.Content.ReadFromJsonAsync<TurnResponse>(ApiJson.Options))!, statuses);
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                statuses.Add("503");
            }
            catch (TaskCanceledException)
            {
                statuses.Add("timeout");
            }

            Assert.True(DateTime.UtcNow < deadline, $"no answer within 90 s: {string.Join(", ", statuses)}");
            await Task.Delay(250);
        }
    }
}
