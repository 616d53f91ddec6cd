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
        var started = await socket.ExchangeAsync(new { type = "start", channel = "web", language = "en" });
        Assert.Equal("started", started.GetProperty("type").GetString());
        var callId = started.GetProperty("callId").GetString();

        var reply = await socket.ExchangeAsync(new { type = "message", text = "where is my order A1001" });
        Assert.Equal("reply", reply.GetProperty("type").GetString());
        // The reply's sentences came first, as they were produced; together they are the reply.
        Assert.True(socket.Sentences.Count >= 2, string.Join(" | ", socket.Sentences));
        Assert.Equal(reply.GetProperty("reply").GetString(), string.Join(" ", socket.Sentences));
        Assert.Equal("order_status", reply.GetProperty("intent").GetString());
        Assert.Contains("UPS", reply.GetProperty("reply").GetString());
        Assert.Equal("active", reply.GetProperty("status").GetString());

        var error = await socket.ExchangeAsync(new { type = "message", text = "" });
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("empty", error.GetProperty("error").GetString());

        var unknown = await socket.ExchangeAsync(new { type = "dance" });
        Assert.Contains("Unknown message type", unknown.GetProperty("error").GetString());

        await socket.SendTextAsync("{not json");
        Assert.Contains("not valid JSON", (await socket.ReceiveAnswerAsync()).GetProperty("error").GetString());

        var ended = await socket.ExchangeAsync(new { type = "hangup" });
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
        await other.ExchangeAsync( new { type = "start", language = "en" });

        using var chat = await ConnectAsync();
        await chat.ExchangeAsync(new { type = "start", language = "en" });
        await chat.SendTextAsync(JsonSerializer.Serialize(new { type = "message", text = new string('x', 20_000) }));
        var buffer = new byte[1024];
        var result = await chat.Socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);

        var reply = await other.ExchangeAsync(new { type = "message", text = "thanks" });
        Assert.Equal("thanks", reply.GetProperty("intent").GetString());
    }

    private Task<ChatSocket> ConnectAsync() => ChatSocket.ConnectAsync(host.BaseAddress);
}
