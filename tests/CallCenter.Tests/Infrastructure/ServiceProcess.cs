using System.Diagnostics;
using System.Text;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// A built CallCenter program (the silo, or the Gateway host) as a child process serving HTTP on a free loopback port:
/// started with settings on its command line (the tests' credentials first: <see cref="TestCredentials"/>), ready once
/// /healthz answers 200. <see cref="Http"/> carries the operator's API key.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServiceProcess(string name, Process process, StringBuilder output, int port)
    {
        Name = name;
        _process = process;
        _output = output;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(45) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestCredentials.AdminKey);
    }

    public string Name { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The silo (CallCenter.Silo.dll from the test's output folder) on free ports: HTTP, silo, gateway and AudioSocket,
    /// plus <paramref name="settings"/> ("--Key", "value" pairs or "--Key=value").
    /// </summary>
    public static Task<ServiceProcess> StartSiloAsync(string name, params string[] settings) =>
        StartAsync(name, Path.Combine(AppContext.BaseDirectory, "CallCenter.Silo.dll"),
        [
            "--Orleans:SiloPort", TestPaths.FreePort().ToString(), "--Orleans:GatewayPort", TestPaths.FreePort().ToString(),
            "--Voice:AudioSocket:Port", TestPaths.FreePort().ToString(), .. settings,
        ]);

    /// <summary>The Gateway host (Gateway.Host's build output for this configuration), an Orleans client of the cluster.</summary>
    public static Task<ServiceProcess> StartGatewayAsync(string name, params string[] settings) =>
        StartAsync(name, GatewayHostDll(), ["--Voice:AudioSocket:Port", TestPaths.FreePort().ToString(), .. settings]);

    public static async Task<ServiceProcess> StartAsync(string name, string dll, IEnumerable<string> settings)
    {
        var port = TestPaths.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[dll, "--urls", $"http://127.0.0.1:{port}", .. TestCredentials.CommandLine(), .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(name, process, output, port);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var health = await service.Http.GetAsync("healthz");
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await service.DisposeAsync();
        throw new InvalidOperationException($"{name} did not become healthy within 120 s. Its output:\n{service.Output}");
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash (nothing is flushed, no goodbye to the cluster).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>
    /// SIGTERM, as systemd, Docker and Kubernetes stop a process: a silo drains its calls, then the host shuts down.
    /// Returns the exit code, or null when it had not exited after 45 s (then it is killed; the drain promises 30 s).
    /// </summary>
    public async Task<int?> StopAsync()
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
        _process.Dispose();
    }

    private static string GatewayHostDll()
    {
        // The test project builds Gateway.Host (a reference without its assembly) in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot(), "Gateway.Host", "bin", configuration, "net10.0", "CallCenter.Gateway.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Gateway.Host first (dotnet build CallCenter.sln).", dll);
    }
}
