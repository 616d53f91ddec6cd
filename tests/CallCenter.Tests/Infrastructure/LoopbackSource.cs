using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// Clients that connect from an address of their own on the loopback network (127.0.0.0/8 is all loopback on Linux):
/// each test of the per-source limits and the AudioSocket source networks is a different source address, as different
/// callers on the internet are, without any of them sharing a budget.
/// </summary>
public static class LoopbackSource
{
    private static int _next = 1;

    /// <summary>A loopback address no other test has used: 127.0.N.M, never 127.0.0.1.</summary>
    public static IPAddress Next()
    {
        var n = Interlocked.Increment(ref _next);
        return new IPAddress([127, 0, (byte)(n / 250), (byte)(n % 250 + 2)]);
    }

    /// <summary>A handler whose connections leave from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler Handler(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>An HTTP client of <paramref name="baseAddress"/> from <paramref name="source"/>, with a bearer credential or none.</summary>
    public static HttpClient Client(IPAddress source, Uri baseAddress, string? credential = null)
    {
        var http = new HttpClient(Handler(source)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (credential is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return http;
    }

    /// <summary>A TCP connection from <paramref name="source"/> to <paramref name="port"/> on 127.0.0.1.</summary>
    public static async Task<TcpClient> ConnectTcpAsync(IPAddress source, int port)
    {
        var tcp = new TcpClient(new IPEndPoint(source, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return tcp;
    }
}
