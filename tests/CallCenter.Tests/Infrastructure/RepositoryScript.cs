using System.Diagnostics;

namespace CallCenter.Tests.Infrastructure;

/// <summary>A script of the repository's scripts/ folder (postgres.sh, redis.sh), run to its end as an operator would.</summary>
public static class RepositoryScript
{
    /// <summary>Its exit code, and what it wrote (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(TestPaths.RepositoryRoot(), "scripts", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
