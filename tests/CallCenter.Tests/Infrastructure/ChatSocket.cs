using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A client of /ws/chat, as an app would use it. A turn's "sentence" messages come before its "reply"; <see
/// cref="ExchangeAsync"/> collects them into <see cref="Sentences"/> and returns the answer to the message. A call's
/// caller token (from its start) is remembered in <see cref="ChatApi.CallerTokens"/> and sent when reconnecting to it.
/// </summary>
public sealed class ChatSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    private ChatSocket()
    {
    }

    public WebSocket Socket => _socket;

    /// <summary>The sentences received before the last answer, in order.</summary>
    public List<string> Sentences { get; } = [];

    /// <param name="token">The caller token to continue <paramref name="callId"/> with; by default the one its start gave.</param>
    public static async Task<ChatSocket> ConnectAsync(Uri baseAddress, string? callId = null, string? token = null)
    {
        var chat = new ChatSocket();
        token ??= callId is null ? null : ChatApi.CallerTokens.GetValueOrDefault(callId);
        var query = callId is null ? "" : $"?callId={callId}" + (token is null ? "" : $"&access_token={Uri.EscapeDataString(token)}");
        await chat._socket.ConnectAsync(new Uri($"ws://{baseAddress.Authority}/ws/chat{query}"), CancellationToken.None);
        return chat;
    }

    public async Task<JsonElement> ExchangeAsync(object message)
    {
        await SendTextAsync(JsonSerializer.Serialize(message));
        var answer = await ReceiveAnswerAsync();
        if (answer.GetProperty("type").GetString() == "started")
        {
            ChatApi.CallerTokens[answer.GetProperty("callId").GetString()!] = answer.GetProperty("callerToken").GetString()!;
        }

        return answer;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message that is not a sentence; the sentences before it go to <see cref="Sentences"/>.</summary>
    public async Task<JsonElement> ReceiveAnswerAsync()
    {
        Sentences.Clear();
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.GetProperty("type").GetString() != "sentence")
            {
                return message;
            }

            Sentences.Add(message.GetProperty("text").GetString()!);
        }
    }

    private async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a long call's transcript
            }

            result = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    public void Dispose() => _socket.Dispose();
}
