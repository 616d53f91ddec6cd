using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Admission;
using CallCenter.Gateway.Admission;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Admission;

/// <summary>
/// A host of its own sized for two calls, one of them voice: its tests fill it and see the busy answers. Silos report
/// every 200 ms so a freed place shows up quickly.
/// </summary>
public sealed class AdmissionHostFixture : ApiHostFixture
{
    public const int MaxCalls = 2;
    public const int MaxVoiceCalls = 1;
    public const int RetryAfterSeconds = 3;

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Admission:MaxActiveCallsPerSilo"] = MaxCalls.ToString(),
        ["Admission:MaxVoiceCallsPerSilo"] = MaxVoiceCalls.ToString(),
        ["Admission:RetryAfterSeconds"] = RetryAfterSeconds.ToString(),
        ["Admission:ReportIntervalMs"] = "200",
    });

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A busy test machine can make a grain call slow; these tests are about the decisions, not the fallback.
        Services.GetRequiredService<CallAdmission>().LookupTimeout = TimeSpan.FromSeconds(30);
    }

    public Task<ClusterLoad> LoadAsync() => Services.GetRequiredService<IGrainFactory>().GetGrain<ILoadTableGrain>(LoadTableKeys.Default).GetAsync();

    /// <summary>Starts a call that must be admitted; if it is not, says what the figures were.</summary>
    public async Task<string> StartAsync(string channel = "chat")
    {
        using var response = await Http.PostAsJsonAsync("api/calls", new { channel });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}; figures now: {await DescribeAsync()}");
        var started = JsonDocument.Parse(body).RootElement;
        var callId = started.GetProperty("callId").GetString()!;
        ChatApi.CallerTokens[callId] = started.GetProperty("callerToken").GetString()!;
        return callId;
    }

    /// <summary>The figures the Gateway decides on (read at most every 250 ms) and its pending calls.</summary>
    public async Task<string> DescribeAsync()
    {
        var (load, pending) = await Services.GetRequiredService<CallAdmission>().CurrentAsync();
        return $"complete={load.Complete} silos=[{string.Join("; ", load.Silos.Select(s => $"{s.Load} age={s.Age.TotalMilliseconds:0}ms"))}] pending={pending}";
    }

    /// <summary>
    /// Waits until the figures the Gateway decides on show no call in progress and nothing pending: each test starts from
    /// an empty engine (a place freed by a hang-up shows there within a report interval and the Gateway's 250 ms).
    /// </summary>
    public async Task WaitUntilIdleAsync()
    {
        var admission = Services.GetRequiredService<CallAdmission>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await admission.CurrentAsync() is var (load, pending) && (load.ActiveCalls > 0 || pending != PendingCount.None))
        {
            Assert.True(DateTime.UtcNow < deadline, "the engine did not become idle: " + await DescribeAsync());
            await Task.Delay(50);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdmissionCollection : ICollectionFixture<AdmissionHostFixture>
{
    public const string Name = "admission";
}
