using System.Net.WebSockets;

namespace CallCenter.Gateway.Media;

/// <summary>
/// Sends on a WebSocket from several tasks (the pacer's audio, the receive loop's events): one message at a time, as
/// the WebSocket requires; sends after the socket closed are dropped.
/// </summary>
public sealed class WebSocketSender(WebSocket socket)
{
    /// <summary>Close code 1013, "Try Again Later" (IANA WebSocket registry): the server is overloaded; a new connection later may succeed.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private readonly SemaphoreSlim _sending = new(1, 1);

    public async Task SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(message, type, true, cancellationToken);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Closes with a status and a reason (cut to the protocol's 123-byte limit); ignores a socket already gone.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        await _sending.WaitAsync();
        try
        {
            await socket.CloseOutputAsync(status, reason.Length > 120 ? reason[..120] : reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }
}
