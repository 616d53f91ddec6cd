using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Api;

/// <summary>Every kind of bad request gets a 4xx with a JSON error that says what is wrong, and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    public static TheoryData<string, string?, HttpStatusCode, string> BadMessages => new()
    {
        { "{\"text\": \"hello\"", "application/json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "{\"text\": 42}", "application/json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "null", "application/json", HttpStatusCode.BadRequest, "JSON object" },
        { "{}", "application/json", HttpStatusCode.BadRequest, "'text' is required" },
        { "{\"text\": \"\"}", "application/json", HttpStatusCode.BadRequest, "'text' is empty" },
        { "{\"text\": \"   \\n \"}", "application/json", HttpStatusCode.BadRequest, "'text' is empty" },
        { JsonSerializer.Serialize(new { text = new string('a', 4097) }), "application/json", HttpStatusCode.RequestEntityTooLarge, "limit is 4096 bytes" },
        { JsonSerializer.Serialize(new { text = string.Concat(Enumerable.Repeat("退", 1366)) }), "application/json", HttpStatusCode.RequestEntityTooLarge, "limit is 4096 bytes" },
        { "text=hello", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json" },
        { "hello", "text/plain", HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json" },
        { "", "application/json", HttpStatusCode.BadRequest, "no body" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_messages_are_refused_and_the_call_is_untouched(string body, string? contentType, HttpStatusCode expected, string errorFragment)
    {
        var call = await _api.StartAsync("en");
        await _api.SayAsync(call.CallId, "where is order A1002");
        var before = await _api.GetAsync(call.CallId);

        using var response = await _api.PostRawAsync($"api/calls/{call.CallId}/messages", body, contentType);
        Assert.Equal(expected, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(errorFragment, error.GetProperty("error").GetString());

        var after = await _api.GetAsync(call.CallId);
        Assert.Equal(before.Turns.Length, after.Turns.Length);
        Assert.Equal(before.Slots, after.Slots);

        // The call and the process carry on.
        var next = await _api.SayAsync(call.CallId, "thanks");
        Assert.Equal(CallCenter.Calls.Intent.Thanks, next.Intent);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_before_it_is_read()
    {
        var call = await _api.StartAsync("en");
        using var response = await _api.PostRawAsync($"api/calls/{call.CallId}/messages", "{\"text\":\"" + new string('a', 70_000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("no-such-call")]
    [InlineData("bad%20id%3F")]
    public async Task Unknown_call_ids_are_404(string id)
    {
        // Staff who may read and end any call are told there is no such call.
        foreach (var response in new[]
        {
            await host.Http.GetAsync($"api/calls/{id}"),
            await host.Http.PostAsync($"api/calls/{id}/hangup", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("No call with id", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        // Talking in a call takes that call's caller token, which no unknown call has: refused before it is looked up,
        // so the answer does not tell whether the call exists.
        using var talk = await host.Http.PostAsJsonAsync($"api/calls/{id}/messages", new { text = "hi" });
        Assert.Equal(HttpStatusCode.Forbidden, talk.StatusCode);
    }

    [Fact]
    public async Task A_message_after_hangup_is_409_and_the_record_stays()
    {
        var call = await _api.StartAsync("en");
        await _api.SayAsync(call.CallId, "hello");
        var ended = await _api.HangUpAsync(call.CallId);

        using var response = await _api.SendAsync(HttpMethod.Post, $"api/calls/{call.CallId}/messages", JsonContent.Create(new { text = "are you there?" }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("has ended", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(ended.Turns.Length, (await _api.GetAsync(call.CallId)).Turns.Length);
    }

    [Theory]
    [InlineData("{\"channel\":\"fax\"}", "'channel' must be one of chat, app, web, voice")]
    [InlineData("{\"language\":\"fr\"}", "'language' must be one of en, zh")]
    [InlineData("[1,2]", "not valid JSON")]
    public async Task Bad_start_requests_are_400(string body, string errorFragment)
    {
        using var response = await _api.PostRawAsync("api/calls", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorFragment, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("api/calls?status=sleeping", "'status' must be one of")]
    [InlineData("api/calls?limit=lots", "'limit' must be a whole number")]
    [InlineData("api/calls?limit=0", "'limit' must be between 1 and 1000")]
    public async Task Bad_list_queries_are_400(string path, string errorFragment)
    {
        using var response = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorFragment, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
