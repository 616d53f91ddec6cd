using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>
/// An agent desktop's calls to /api/agents/{id}, as the page makes them, with <paramref name="http"/>'s credentials (the
/// agent's own, from <see cref="ApiHostFixture.NewAgent"/>, or another principal's for the refusals).
/// </summary>
public sealed class AgentDeskClient(HttpClient http, string agentId, TestIdentity? identity = null)
{
    public string AgentId => agentId;

    /// <summary>Who the client is (its user for the pages, its API key), when it is one of the host's identities.</summary>
    public TestIdentity Identity => identity ?? throw new InvalidOperationException($"{agentId} is not one of the host's identities.");

    public HttpClient Http => http;

    /// <summary>Sends this agent's credentials on a WebSocket it opens (/media/agent).</summary>
    public void Authorize(System.Net.WebSockets.ClientWebSocketOptions socket) =>
        socket.SetRequestHeader("Authorization", http.DefaultRequestHeaders.Authorization!.ToString());

    public Task<JsonElement> SignInAsync(string name, string[] languages, string[]? domains = null) =>
        PostAsync("sign-in", new { name, languages, domains });

    public Task<JsonElement> PostAsync(string action, object? body = null) => SendAsync(action, body, HttpStatusCode.OK);

    public async Task<JsonElement> SendAsync(string action, object? body, HttpStatusCode expected)
    {
        using var response = await http.PostAsJsonAsync($"api/agents/{agentId}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path = "") =>
        JsonDocument.Parse(await http.GetStringAsync($"api/agents/{agentId}{path}")).RootElement.Clone();

    /// <summary>Waits for an offer (the queue offers within a second or so of a transfer).</summary>
    public async Task<JsonElement> WaitForOfferAsync(string? callId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var agent = await GetAsync();
            if (agent.GetProperty("offer") is { ValueKind: JsonValueKind.Object } offer
                && (callId is null || offer.GetProperty("context").GetProperty("callId").GetString() == callId))
            {
                return offer;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Agent {agentId} got no offer{(callId is null ? "" : " for " + callId)}.");
    }

    public static JsonSerializerOptions Json => ApiJson.Options;

    /// <summary>
    /// Sets the agents other tests left on the floor (available, or wrapping up and about to be) offline, so the calls a
    /// test transfers are offered to its own agents only.
    /// </summary>
    public static async Task ClearFloorAsync(HttpClient http)
    {
        var board = JsonDocument.Parse(await http.GetStringAsync("api/supervisor/wallboard")).RootElement;
        foreach (var agent in board.GetProperty("agents").EnumerateArray())
        {
            if (agent.GetProperty("state").GetString() is "available" or "wrap_up")
            {
                using var response = await http.PostAsJsonAsync($"api/agents/{agent.GetProperty("agentId").GetString()}/state", new { state = "offline" });
            }
        }
    }
}
