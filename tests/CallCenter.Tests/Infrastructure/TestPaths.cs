using System.Net;
using System.Net.Sockets;

namespace CallCenter.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>A new SQLite file path under the temp folder, removed by the OS eventually (tests never share one unless they mean to).</summary>
    public static string NewDatabase(string name) =>
        Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{name}-{Guid.NewGuid():N}.db");

    /// <summary>Ports <see cref="FreePort"/> hands out: 20000 to 29999, below Linux's ephemeral range (32768 to 60999).</summary>
    private const int FirstPort = 20000, PortCount = 10000;

    private static int _nextPort = Random.Shared.Next(PortCount);

    /// <summary>
    /// A TCP port free right now on loopback, a different one at each call. Not one the kernel picks (port 0): those come
    /// from the ephemeral range, where every outgoing connection also takes its local port, so a port handed to a child
    /// process was now and then taken by some connection before the child bound it ("Address already in use"). Below
    /// that range only listeners take ports; the sequence starts at random so parallel test runs seldom meet.
    /// </summary>
    public static int FreePort()
    {
        for (var tries = 0; ; tries++)
        {
            var port = FirstPort + (int)((uint)Interlocked.Increment(ref _nextPort) % PortCount);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (tries < PortCount)
            {
                // Taken: the next one.
            }
        }
    }

    /// <summary>The repository root (where CallCenter.sln is).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallCenter.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CallCenter.sln not found above " + AppContext.BaseDirectory);
    }
}
