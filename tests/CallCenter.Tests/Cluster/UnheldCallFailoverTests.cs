using System.Diagnostics;
using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CallCenter.Tests.Cluster;

/// <summary>Two silos whose calls end after 30 s without a caller message, checked every second.</summary>
public sealed class IdleTimeoutClusterFixture : PostgresClusterFixture
{
    public const double IdleTimeoutSeconds = 30;

    protected override int SiloCount => 2;

    protected override string[] SiloSettings =>
        ["--Calls:IdleTimeoutMinutes", (IdleTimeoutSeconds / 60).ToString(System.Globalization.CultureInfo.InvariantCulture), "--Calls:IdleCheckSeconds", "1"];
}

/// <summary>
/// A plain HTTP chat holds no connection, so nothing calls its grain again once the caller has left: when its silo dies,
/// only the call's durable reminder (in PostgreSQL) wakes it on another silo, where it ends by its idle timeout.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class UnheldCallFailoverTests(IdleTimeoutClusterFixture cluster, ITestOutputHelper output) : IClassFixture<IdleTimeoutClusterFixture>
{
    [Fact]
    public async Task A_plain_HTTP_call_whose_silo_is_SIGKILLed_is_woken_elsewhere_and_ends_by_its_idle_timeout_in_the_records()
    {
        var api = new ChatApi(cluster.Silos[0].Http);
        var started = await api.StartAsync("en");
        await api.SayAsync(started.CallId, "where is my order A1001");
        Assert.Equal(1L, await RemindersAsync(started.CallId));

        var holders = await Task.WhenAll(cluster.Silos.Select(ProcessClusterFixture.ActiveCallsAsync));
        var victim = Array.IndexOf(holders, 1);
        Assert.True(victim >= 0, $"active calls per silo: {string.Join(", ", holders)}");
        cluster.Silos[victim].Kill();
        var killed = Stopwatch.StartNew();
        var survivor = cluster.Silos[1 - victim];

        // The call's grain is never called: the list reads the records store, which the call grain writes when it ends.
        // While the cluster notices the death, a request may be refused with 503 ("retry"), as a turn is; the reader retries.
        CallSummary? ended = null;
        var refused = new List<string>();
        while (ended is null)
        {
            Assert.True(killed.Elapsed < TimeSpan.FromMinutes(3), $"the call is not in the ended calls {killed.Elapsed.TotalSeconds:0} s after its silo died");
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var response = await survivor.Http.GetAsync("api/calls?status=ended&limit=1000");
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                refused.Add($"{killed.Elapsed.TotalSeconds:0.0} s: {await response.Content.ReadAsStringAsync()}");
                continue;
            }

            response.EnsureSuccessStatusCode();
            ended = (await response.Content.ReadFromJsonAsync<CallListResponse>(ApiJson.Options))!.Calls.SingleOrDefault(c => c.CallId == started.CallId);
        }

        output.WriteLine($"Recorded as ended {killed.Elapsed.TotalSeconds:0.0} s after the SIGKILL, {(ended.EndedAt!.Value - ended.StartedAt).TotalSeconds:0.0} s after it started; "
            + $"{refused.Count} list reads refused: {string.Join("; ", refused)}");
        if (refused.Count > 0)
        {
            output.WriteLine(string.Join('\n', survivor.Output.Split('\n').Where(l => l.Contains("Exception:", StringComparison.Ordinal)).Take(10)));
        }
        Assert.Equal(CallOutcome.ResolvedByAi, ended.Outcome); // what an idle timeout gives a call the AI had
        Assert.Equal(3, ended.TurnCount); // the greeting, the caller's message and its answer: nothing lost
        Assert.True(ended.EndedAt.Value - ended.StartedAt >= TimeSpan.FromSeconds(IdleTimeoutClusterFixture.IdleTimeoutSeconds),
            $"ended {(ended.EndedAt.Value - ended.StartedAt).TotalSeconds:0.0} s after it started");
        var active = await survivor.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=active&limit=1000", ApiJson.Options);
        Assert.DoesNotContain(active!.Calls, c => c.CallId == started.CallId);

        // An ended call keeps no reminder (it is removed right after the end is written).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await RemindersAsync(started.CallId) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ended call's reminder is still in PostgreSQL 30 s after it ended");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_call_keeps_one_reminder_while_in_progress_and_none_once_hung_up()
    {
        var api = new ChatApi(cluster.Silos.First(s => !s.HasExited).Http);
        var started = await api.StartAsync("en");
        Assert.Equal(1L, await RemindersAsync(started.CallId));
        await api.SayAsync(started.CallId, "where is my order A1001");
        Assert.Equal(1L, await RemindersAsync(started.CallId));
        await api.HangUpAsync(started.CallId);
        Assert.Equal(0L, await RemindersAsync(started.CallId));
    }

    private Task<long> RemindersAsync(string callId) => PrivatePostgres.ScalarAsync<long>(cluster.ConnectionString,
        "SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE '%' || $1 AND ReminderName = 'in-progress'", callId);
}
