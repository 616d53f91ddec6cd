using CallCenter.VoiceBench;
using CallCenter.VoiceBench.Capacity;

// --mode latency (the default): voice-to-voice latency; --mode capacity: concurrent calls sustained (README, Voice).
return BenchArguments.Option(args, "--mode", "latency") switch
{
    "latency" => await VoiceBenchmark.RunAsync(args),
    "capacity" => await CapacityBenchmark.RunAsync(args),
    var other => Fail($"Unknown --mode '{other}': latency or capacity."),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
