using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Api;

/// <summary>Call records survive a restart of the real CallCenter process (the built silo, run as `dotnet CallCenter.Silo.dll`).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_finished_call_is_readable_after_the_process_restarts()
    {
        var database = TestPaths.NewDatabase("restart");
        string callId;
        CallResponse before;
        await using (var first = await StartAsync(database))
        {
            var api = new ChatApi(first.Http);
            var call = await api.StartAsync("en");
            callId = call.CallId;
            await api.SayAsync(callId, "where is my order A1004");
            await api.SayAsync(callId, "this is ridiculous, I'm really annoyed");
            await api.SayAsync(callId, "how much is the BrewMaster espresso machine?");
            before = await api.HangUpAsync(callId);
        }

        await using var second = await StartAsync(database);
        var after = await new ChatApi(second.Http).GetAsync(callId);
        Assert.Equal(CallStatus.Ended, after.Status);
        Assert.Equal(CallOutcome.ResolvedByAi, after.Outcome);
        Assert.Equal(before.Turns.Select(t => (t.Speaker, t.Text, t.Intent)), after.Turns.Select(t => (t.Speaker, t.Text, t.Intent)));
        Assert.Equal(before.EmotionCurve, after.EmotionCurve);
        Assert.Contains(after.Turns, t => t.Entities.Contains(new Entity(EntityTypes.OrderNumber, "A1004")));
        Assert.Contains(after.Turns, t => t.Entities.Contains(new Entity(EntityTypes.Product, "P400")));

        // The durable record holds the same turns, row by row.
        var listed = await second.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=ended", ApiJson.Options);
        Assert.Contains(listed!.Calls, c => c.CallId == callId && c.TurnCount == 7);
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), sum(emotion IS NOT NULL) FROM call_turns WHERE call_id = $id";
        command.Parameters.AddWithValue("$id", callId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(7, reader.GetInt32(0));
        Assert.Equal(3, reader.GetInt32(1));
    }

    private static Task<ServiceProcess> StartAsync(string database) => ServiceProcess.StartSiloAsync(
        "silo", "--Storage:SqlitePath", database, "--Orleans:ClusterId", "restart-" + Guid.NewGuid().ToString("N"));
}
