using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Admission;

/// <summary>The text channel on a host sized for two calls: the third gets a clear busy answer, the first two carry on.</summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionApiTests(AdmissionHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task Past_capacity_a_new_chat_gets_503_with_retry_after_while_calls_in_progress_carry_on()
    {
        await host.WaitUntilIdleAsync();
        var first = await host.StartAsync();
        var second = await host.StartAsync();

        using (var refused = await host.Http.PostAsJsonAsync("api/calls", new { channel = "chat" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(AdmissionHostFixture.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
            Assert.Equal("All agents are busy: the engine is at capacity. Please try again in 3 seconds.", error);
        }

        // The calls in progress are not affected.
        Assert.Contains("UPS", (await _api.SayAsync(first, "where is my order A1001")).Reply);
        Assert.Contains("A1002", (await _api.SayAsync(second, "I want to return order A1002")).Reply);

        // The refusal is counted; the silo's active calls are exported beside it.
        await WaitForAsync(async () => (await host.Http.GetStringAsync("metrics")).Split('\n') is var lines
            && lines.Any(line => line.StartsWith("callcenter_admission_refused_total{", StringComparison.Ordinal) && line.Contains("channel=\"chat\"") && line.Contains("limit=\"calls\""))
            && lines.Any(line => IsSample(line, "callcenter_calls_active"))
            && lines.Any(line => IsSample(line, "callcenter_calls_active_voice")));

        // Once a call ends, a new one is admitted (when the figures show the free place: waited for, not timed).
        await _api.HangUpAsync(first);
        var third = (await _api.StartWhenAdmittedAsync(TimeSpan.FromSeconds(15))).Started.CallId;
        Assert.Contains("UPS", (await _api.SayAsync(third, "where is my order A1001")).Reply);

        await _api.HangUpAsync(second);
        await _api.HangUpAsync(third);
    }

    [Fact]
    public async Task Voice_calls_have_their_own_limit_and_a_chat_still_gets_in()
    {
        await host.WaitUntilIdleAsync();
        var voice = await host.StartAsync("voice");

        using (var refused = await host.Http.PostAsJsonAsync("api/calls", new { channel = "voice" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("at capacity for voice calls", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        var chat = await host.StartAsync("web");
        await _api.HangUpAsync(voice);
        await _api.HangUpAsync(chat);
    }

    [Fact]
    public async Task A_chat_socket_start_past_capacity_is_answered_with_a_busy_error_and_the_socket_stays_usable()
    {
        await host.WaitUntilIdleAsync();
        var first = await host.StartAsync();
        var second = await host.StartAsync();
        using var socket = await ChatSocket.ConnectAsync(host.BaseAddress);

        var busy = await socket.ExchangeAsync(new { type = "start", channel = "chat" });
        Assert.Equal("error", busy.GetProperty("type").GetString());
        Assert.Equal(503, busy.GetProperty("status").GetInt32());
        Assert.Equal(AdmissionHostFixture.RetryAfterSeconds, busy.GetProperty("retryAfter").GetInt32());
        Assert.Contains("at capacity", busy.GetProperty("error").GetString());

        await _api.HangUpAsync(first);
        JsonElement started;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((started = await socket.ExchangeAsync(new { type = "start", channel = "chat" })).GetProperty("type").GetString() != "started")
        {
            Assert.Equal(503, started.GetProperty("status").GetInt32());
            Assert.True(DateTime.UtcNow < deadline, "no place was freed");
            await Task.Delay(100);
        }

        Assert.Equal("reply", (await socket.ExchangeAsync(new { type = "message", text = "where is my order A1001" })).GetProperty("type").GetString());
        Assert.Equal("ended", (await socket.ExchangeAsync(new { type = "hangup" })).GetProperty("type").GetString());
        await _api.HangUpAsync(second);
    }

    private static bool IsSample(string line, string metric) =>
        line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' ';

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the engine");
            await Task.Delay(100);
        }
    }
}
