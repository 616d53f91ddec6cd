using System.Net.WebSockets;

namespace CallCenter.Tests.Infrastructure;

/// <summary>How the server ended a WebSocket: the messages it sent before its close are read and dropped.</summary>
public static class WebSocketClose
{
    /// <summary>Reads until the server's close (at most 15 s) and returns it: <c>CloseStatus</c> and <c>CloseStatusDescription</c>.</summary>
    public static async Task<WebSocketReceiveResult> ReceiveAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result;
            }
        }
    }
}
