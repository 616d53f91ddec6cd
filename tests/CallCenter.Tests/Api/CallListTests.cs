using System.Net.Http.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CallListTests(ApiHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task Active_and_ended_calls_are_listed_by_status()
    {
        var active = await _api.StartAsync("en");
        var ended = await _api.StartAsync("zh");
        await _api.SayAsync(ended.CallId, "你好");
        await _api.HangUpAsync(ended.CallId);

        var activeList = await host.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=active&limit=1000", ApiJson.Options);
        Assert.Contains(activeList!.Calls, c => c.CallId == active.CallId);
        Assert.DoesNotContain(activeList.Calls, c => c.CallId == ended.CallId);
        Assert.All(activeList.Calls, c => Assert.Equal(CallStatus.Active, c.Status));

        var endedList = await host.Http.GetFromJsonAsync<CallListResponse>("api/calls?status=ended&limit=1000", ApiJson.Options);
        var record = Assert.Single(endedList!.Calls, c => c.CallId == ended.CallId);
        Assert.Equal(CallOutcome.ResolvedByAi, record.Outcome);
        Assert.Equal(3, record.TurnCount);
        Assert.Equal(Language.Zh, record.Language);
    }
}
