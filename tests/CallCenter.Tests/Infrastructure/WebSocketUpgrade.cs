using System.Net;
using System.Net.WebSockets;

namespace CallCenter.Tests.Infrastructure;

/// <summary>What a WebSocket upgrade was answered: 101 when the socket opened, else the HTTP status that refused it.</summary>
public static class WebSocketUpgrade
{
    public static async Task<(HttpStatusCode Status, ClientWebSocket? Socket)> TryAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        try
        {
            await (invoker is null ? socket.ConnectAsync(uri, CancellationToken.None) : socket.ConnectAsync(uri, invoker, CancellationToken.None));
            return (HttpStatusCode.SwitchingProtocols, socket);
        }
        catch (WebSocketException) when (socket.HttpStatusCode != 0)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (status, null);
        }
    }

    public static async Task<HttpStatusCode> StatusAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var (status, socket) = await TryAsync(uri, configure, invoker);
        if (socket is not null)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            socket.Dispose();
        }

        return status;
    }
}
