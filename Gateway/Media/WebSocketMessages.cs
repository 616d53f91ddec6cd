using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace CallCenter.Gateway.Media;

/// <summary>Whole-message receive for the Gateway's WebSockets (chat, Twilio, PCM), with a size limit.</summary>
public static class WebSocketMessages
{
    /// <summary>
    /// Receives one whole message into <paramref name="buffer"/>. Kind is null when the message is larger than the
    /// buffer (the caller closes with 1009 or a protocol error).
    /// </summary>
    /// <remarks>
    /// A ValueTask from a pooling builder: a media connection receives 50 messages a second and most receives wait for
    /// data, so returning a Task would allocate one (with its state machine box) 50 times a second per call.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(WebSocketMessageType? Kind, int Length)> ReceiveAsync(
        WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return (null, length);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, length);
            }
        }
    }
}
