using System.Net;
using System.Net.Sockets;

namespace CallCenter.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>A new SQLite file path under the temp folder, removed by the OS eventually (tests never share one unless they mean to).</summary>
    public static string NewDatabase(string name) =>
        Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{name}-{Guid.NewGuid():N}.db");

    /// <summary>A TCP port free right now on loopback.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
