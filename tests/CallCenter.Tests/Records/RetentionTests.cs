using System.Globalization;
using System.Net;
using CallCenter.Calls;
using CallCenter.Records;
using CallCenter.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Records;

/// <summary>A host that keeps calls for 30 days, its clock free to move, its log lines kept.</summary>
public sealed class RetentionHostFixture : ApiHostFixture
{
    public const int RetentionDays = 30;

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(Logs);
        builder.Logging.AddFilter<CapturedLogs>(typeof(RecordRetentionGrain).FullName, LogLevel.Information);
    }

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Records:RetentionDays"] = RetentionDays.ToString(CultureInfo.InvariantCulture) });
}

[CollectionDefinition(Name)]
public sealed class RetentionCollection : ICollectionFixture<RetentionHostFixture>
{
    public const string Name = "retention";
}

/// <summary>
/// Records:RetentionDays on the real host (SQLite): a call older than the period is gone everywhere the engine kept it
/// (its record and turns, its grain state with the transcript, the call list); younger calls are untouched; the sweep
/// says so in the log and the metrics, and runs on a reminder.
/// </summary>
[Collection(RetentionCollection.Name)]
public sealed class RetentionTests(RetentionHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task Calls_older_than_the_retention_period_are_deleted_with_their_state_and_the_others_stay()
    {
        var old = await _api.StartAsync("en");
        await _api.SayAsync(old.CallId, "where is my order A1001?");
        await _api.HangUpAsync(old.CallId);
        Assert.Equal(1, GrainStateRows(old.CallId));
        host.Clock.Skip(TimeSpan.FromDays(RetentionHostFixture.RetentionDays + 1));
        var recent = await _api.StartAsync("en");
        await _api.SayAsync(recent.CallId, "where is my order A1002?");

        var deleted = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRecordRetentionGrain>(0).SweepAsync();

        Assert.Equal(1, deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"api/calls/{old.CallId}")).StatusCode);
        Assert.Null(await host.Services.GetRequiredService<ICallRecordStore>().GetAsync(old.CallId));
        Assert.Equal(0, GrainStateRows(old.CallId));
        Assert.DoesNotContain(old.CallId, await host.Http.GetStringAsync("api/calls?limit=1000"));
        Assert.Equal(3, (await _api.GetAsync(recent.CallId)).Turns.Length);
        Assert.NotNull(await host.Services.GetRequiredService<ICallRecordStore>().GetAsync(recent.CallId));

        var line = Assert.Single(host.Logs.Entries, e => e.Message.StartsWith("Retention:", StringComparison.Ordinal));
        Assert.StartsWith("Retention: deleted 1 calls (records and state) started before 2026-", line.Message);
        Assert.Equal("1", await MetricAsync("callcenter_records_deleted_total"));

        // Nothing left to delete: a second sweep deletes nothing.
        Assert.Equal(0, await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRecordRetentionGrain>(0).SweepAsync());
    }

    [Fact]
    public async Task The_sweep_runs_on_a_reminder_registered_when_the_silo_starts()
    {
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRecordRetentionGrain>(0);
        var rows = await host.Services.GetRequiredService<IReminderTable>().ReadRows(grain.GetGrainId());

        var reminder = Assert.Single(rows.Reminders);
        Assert.Equal("retention", reminder.ReminderName);
        Assert.Equal(TimeSpan.FromMinutes(60), reminder.Period);
    }

    private int GrainStateRows(string callId)
    {
        using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE grain_id LIKE '%' || $id";
        command.Parameters.AddWithValue("$id", callId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A counter's value at /metrics (the exporter refreshes it within a few seconds).</summary>
    private async Task<string?> MetricAsync(string name)
    {
        for (var i = 0; i < 50; i++)
        {
            var line = (await host.Http.GetStringAsync("metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.LastIndexOf(' ') + 1)..];
            }

            await Task.Delay(200);
        }

        return null;
    }
}
