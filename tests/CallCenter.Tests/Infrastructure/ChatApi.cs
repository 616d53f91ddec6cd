using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Gateway.Chat;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A client of the chat HTTP API, as an app would use it: the caller token a call's start gives goes with every later
/// request about that call (<see cref="CallerTokens"/> remembers them, for any client and socket of the test run);
/// requests about calls it did not start go with the client's own credentials (the fixture's operator key).
/// </summary>
public sealed partial class ChatApi(HttpClient http)
{
    /// <summary>Every call's caller token, by call id, as the tests' callers got them.</summary>
    public static ConcurrentDictionary<string, string> CallerTokens { get; } = new();

    public HttpClient Http => http;

    public async Task<CallStartedResponse> StartAsync(string? language = null, string? customerPhone = null, string channel = "chat")
    {
        using var response = await http.PostAsJsonAsync("api/calls", new { channel, language, customerPhone });
        return await StartedAsync(response);
    }

    /// <summary>
    /// Starts a chat as a client that honors the busy answer does: while the engine answers 503 with Retry-After it tries
    /// again (every 100 ms: a test waits for the free place to show, not for the advice), for at most <paramref name="within"/>.
    /// Returns the call and how many times it was refused; any other answer fails the test.
    /// </summary>
    public async Task<(CallStartedResponse Started, int Refusals)> StartWhenAdmittedAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        for (var refusals = 0; ; refusals++)
        {
            using var response = await http.PostAsJsonAsync("api/calls", new { channel = "chat" });
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return (await StartedAsync(response), refusals);
            }

            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(DateTime.UtcNow < deadline, $"still refused after {within.TotalSeconds:0} s: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public async Task<TurnResponse> SayAsync(string callId, string text)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/calls/{callId}/messages", JsonContent.Create(new { text }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"'{text}' → {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<TurnResponse>(body, ApiJson.Options)!;
    }

    public async Task<CallResponse> GetAsync(string callId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/calls/{callId}", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ApiJson.Options))!;
    }

    public async Task<CallResponse> HangUpAsync(string callId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/calls/{callId}/hangup", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ApiJson.Options))!;
    }

    /// <summary>Posts raw bytes with any content type, for the bad-input cases (with the caller token of the call the path names).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string? contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, contentType is null ? new ByteArrayContent(Encoding.UTF8.GetBytes(body)) : new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A request with the caller token of the call <paramref name="path"/> names, when this test run started it.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (CallPath().Match(path) is { Success: true } match && CallerTokens.TryGetValue(match.Groups[1].Value, out var token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request);
    }

    private static async Task<CallStartedResponse> StartedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"the start was answered {(int)response.StatusCode}: {body}");
        var started = System.Text.Json.JsonSerializer.Deserialize<CallStartedResponse>(body, ApiJson.Options)!;
        CallerTokens[started.CallId] = started.CallerToken;
        return started;
    }

    [GeneratedRegex("^/?api/calls/([^/?]+)")]
    private static partial Regex CallPath();
}
