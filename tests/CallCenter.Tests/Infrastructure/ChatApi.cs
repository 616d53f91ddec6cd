using System.Net;
using System.Net.Http.Json;
using System.Text;
using CallCenter.Gateway.Chat;

namespace CallCenter.Tests.Infrastructure;

/// <summary>A client of the chat HTTP API, as an app would use it.</summary>
public sealed class ChatApi(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<CallStartedResponse> StartAsync(string? language = null, string? customerPhone = null, string channel = "chat")
    {
        using var response = await http.PostAsJsonAsync("api/calls", new { channel, language, customerPhone });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CallStartedResponse>(ApiJson.Options))!;
    }

    public async Task<TurnResponse> SayAsync(string callId, string text)
    {
        using var response = await http.PostAsJsonAsync($"api/calls/{callId}/messages", new { text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"'{text}' → {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<TurnResponse>(body, ApiJson.Options)!;
    }

    public async Task<CallResponse> GetAsync(string callId) =>
        (await http.GetFromJsonAsync<CallResponse>($"api/calls/{callId}", ApiJson.Options))!;

    public async Task<CallResponse> HangUpAsync(string callId)
    {
        using var response = await http.PostAsync($"api/calls/{callId}/hangup", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CallResponse>(ApiJson.Options))!;
    }

    /// <summary>Posts raw bytes with any content type, for the bad-input cases.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string? contentType = "application/json") =>
        http.PostAsync(path, contentType is null ? new ByteArrayContent(Encoding.UTF8.GetBytes(body)) : new StringContent(body, Encoding.UTF8, contentType));
}
