using System.Text;

namespace CallCenter.Tests.Fuzz;

/// <summary>
/// Runs generated inputs through a check, in a fixed order from a fixed seed (set FUZZ_SEED to explore others). A
/// failing case is reported with its seed, its number and the input, so it can be replayed. The whole run is bounded by
/// a cancellation token: an input that never finishes fails the run and is named, instead of hanging the suite.
/// </summary>
public static class Fuzzer
{
    /// <summary>The seed for a run: the test's own, or FUZZ_SEED when set.</summary>
    public static int Seed(int seed) => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var chosen) ? chosen : seed;

    /// <summary>Checks <paramref name="count"/> generated inputs, one after the other, within <paramref name="bound"/>.</summary>
    public static async Task RunAsync(string name, int seed, int count, TimeSpan bound, Func<Random, int, byte[]> generate, Func<byte[], Task> check)
    {
        seed = Seed(seed);
        var random = new Random(seed);
        var current = -1;
        byte[] input = [];
        using var budget = new CancellationTokenSource(bound);
        var run = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                budget.Token.ThrowIfCancellationRequested();
                current = i;
                input = generate(random, i);
                try
                {
                    await check(input);
                }
                catch (Exception ex)
                {
                    throw new FuzzFailure(name, seed, i, input, ex);
                }
            }
        });
        try
        {
            await run.WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            throw new FuzzFailure(name, seed, current, input, new TimeoutException($"the run did not finish within {bound}; input {current} is the one in progress"));
        }
    }

    /// <summary>The synchronous form, for pure parsers.</summary>
    public static Task RunAsync(string name, int seed, int count, TimeSpan bound, Func<Random, int, byte[]> generate, Action<byte[]> check) =>
        RunAsync(name, seed, count, bound, generate, input =>
        {
            check(input);
            return Task.CompletedTask;
        });

    /// <summary>An input as a failure message shows it: its length, the start as hex, and as text.</summary>
    public static string Describe(byte[] input)
    {
        var head = input.AsSpan(0, Math.Min(input.Length, 200));
        return $"{input.Length} bytes; hex {Convert.ToHexString(head)}{(input.Length > 200 ? "…" : "")}; text \"{Encoding.UTF8.GetString(head).Replace("\n", "\\n", StringComparison.Ordinal)}\"";
    }
}

/// <summary>A generated input broke a check: everything needed to replay it.</summary>
public sealed class FuzzFailure(string name, int seed, int index, byte[] input, Exception inner)
    : Exception($"{name}: input {index} of seed {seed} (replay with FUZZ_SEED={seed}) failed: {inner.Message}\nInput: {Fuzzer.Describe(input)}", inner);
