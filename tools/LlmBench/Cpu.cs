using System.Diagnostics;
using System.Globalization;

namespace CallCenter.LlmBench;

/// <summary>CPU time of the silo (when its process id is known) and of this process (the callers and the fake model).</summary>
public readonly record struct Cpu(TimeSpan? Silo, TimeSpan Own)
{
    public static Cpu Read(int siloPid)
    {
        TimeSpan? silo = null;
        if (siloPid > 0)
        {
            try
            {
                using var process = Process.GetProcessById(siloPid);
                silo = process.TotalProcessorTime;
            }
            catch (ArgumentException)
            {
                // Not running (any more): not reported.
            }
        }

        using var own = Process.GetCurrentProcess();
        return new Cpu(silo, own.TotalProcessorTime);
    }

    public static string Describe(Cpu before, Cpu after, double seconds, long turns)
    {
        var inv = CultureInfo.InvariantCulture;
        var own = $"this process (callers, fake model) {((after.Own - before.Own).TotalSeconds / seconds).ToString("F2", inv)} cores";
        if (before.Silo is not { } siloBefore || after.Silo is not { } siloAfter)
        {
            return own;
        }

        var silo = siloAfter - siloBefore;
        var perTurn = turns > 0 ? $", {(silo.TotalMilliseconds / turns).ToString("F2", inv)} ms a model turn" : "";
        return $"silo {(silo.TotalSeconds / seconds).ToString("F2", inv)} cores{perTurn}; {own}";
    }
}
