using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ChatWebSocketTests(ApiHostFixture host)
{
    [Fact]
    public async Task A_chat_over_the_websocket_carries_the_same_messages()
    {
        using var socket = await ConnectAsync();
        var started = await ExchangeAsync(socket, new { type = "start", channel = "web", language = "en" });
        Assert.Equal("started", started.GetProperty("type").GetString());
        var callId = started.GetProperty("callId").GetString();

        var reply = await ExchangeAsync(socket, new { type = "message", text = "where is my order A1001" });
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        Assert.Equal("order_status", reply.GetProperty("intent").GetString());
        Assert.Contains("UPS", reply.GetProperty("reply").GetString());
        Assert.Equal("active", reply.GetProperty("status").GetString());

        var error = await ExchangeAsync(socket, new { type = "message", text = "" });
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("empty", error.GetProperty("error").GetString());

        var unknown = await ExchangeAsync(socket, new { type = "dance" });
        Assert.Contains("Unknown message type", unknown.GetProperty("error").GetString());

        await SendTextAsync(socket, "{not json");
        Assert.Contains("not valid JSON", (await ReceiveAsync(socket)).GetProperty("error").GetString());

        var ended = await ExchangeAsync(socket, new { type = "hangup" });
        Assert.Equal("ended", ended.GetProperty("type").GetString());
        Assert.Equal("ended", ended.GetProperty("call").GetProperty("status").GetString());
        Assert.Equal(3, ended.GetProperty("call").GetProperty("turns").GetArrayLength());

        // The same call is readable over HTTP.
        var call = await new ChatApi(host.Http).GetAsync(callId!);
        Assert.Equal(CallCenter.Calls.CallStatus.Ended, call.Status);
    }

    [Fact]
    public async Task An_oversized_frame_closes_with_1009_and_other_calls_carry_on()
    {
        using var other = await ConnectAsync();
        await ExchangeAsync(other, new { type = "start", language = "en" });

        using var socket = await ConnectAsync();
        await ExchangeAsync(socket, new { type = "start", language = "en" });
        await SendTextAsync(socket, JsonSerializer.Serialize(new { type = "message", text = new string('x', 20_000) }));
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);

        var reply = await ExchangeAsync(other, new { type = "message", text = "thanks" });
        Assert.Equal("thanks", reply.GetProperty("intent").GetString());
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws/chat"), CancellationToken.None);
        return socket;
    }

    private static async Task<JsonElement> ExchangeAsync(WebSocket socket, object message)
    {
        await SendTextAsync(socket, JsonSerializer.Serialize(message));
        return await ReceiveAsync(socket);
    }

    private static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }
}
