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

    /// <summary>The longest close reason RFC 6455 allows, in UTF-8 bytes.</summary>
    private const int MaxReasonBytes = 123;

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
            await socket.CloseOutputAsync(status, Fit(reason), CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// The reason cut to 123 UTF-8 bytes at a character boundary, with "…" when cut: a reason quoting Chinese text is
    /// three bytes a character, and a longer one makes the close itself throw.
    /// </summary>
    public static string Fit(string reason)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= MaxReasonBytes)
        {
            return reason;
        }

        var bytes = 3; // the "…"
        var length = 0;
        while (length < reason.Length)
        {
            var next = char.IsSurrogatePair(reason, length) ? 2 : 1;
            var size = System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(length, next));
            if (bytes + size > MaxReasonBytes)
            {
                break;
            }

            bytes += size;
            length += next;
        }

        return string.Concat(reason.AsSpan(0, length), "…");
    }
}
