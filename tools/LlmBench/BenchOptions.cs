using System.Globalization;

namespace CallCenter.LlmBench;

/// <summary>The command line: which measurement, against which silo, and how the fake model behaves.</summary>
public sealed record BenchOptions
{
    public string Mode { get; init; } = "";
    public Uri Url { get; init; } = new("http://127.0.0.1:8080/");

    /// <summary>Where the fake model listens: the port in the silo's Llm:Small:Endpoint.</summary>
    public int ModelPort { get; init; } = 18090;

    /// <summary>The model's time to its first chunk, on each request of a turn (the tool call and the answer).</summary>
    public int ModelDelayMs { get; init; }

    /// <summary>Time between the model's chunks.</summary>
    public int ChunkMs { get; init; }

    /// <summary>Characters of the answer per chunk (about four a token).</summary>
    public int ChunkChars { get; init; } = 8;

    public int Calls { get; init; }
    public int Turns { get; init; }

    /// <summary>Chat: model turns per second offered by all callers together; 0 is the closed loop.</summary>
    public int Rate { get; init; }

    public int WarmupSeconds { get; init; } = 5;
    public int DurationSeconds { get; init; } = 20;
    public int TimeoutSeconds { get; init; } = 30;

    /// <summary>The silo's process id, to report its CPU time per model turn (0: not reported).</summary>
    public int SiloPid { get; init; }

    public const string Usage = """
        CallCenter.LlmBench: model turns through a running silo whose Llm:Small:Endpoint is this process's fake model.

          CallCenter.LlmBench chat  [options]   engine overhead of model turns over the chat HTTP API
          CallCenter.LlmBench voice [options]   first model token -> first audio frame over Twilio Media Streams

        Options:
          --url <url>            the silo's HTTP address                          (default http://127.0.0.1:8080)
          --model-port <port>    port the fake model listens on (127.0.0.1)       (default 18090)
          --model-delay-ms <n>   the model's time to first chunk, each request    (default 0)
          --chunk-ms <n>         time between the model's chunks                  (default 0 chat, 30 voice)
          --chunk-chars <n>      answer characters per chunk                      (default 8)
          --calls <n>            concurrent calls                                 (default 50 chat, 10 voice)
          --turns <n>            caller turns per call                            (default 4 chat, 5 voice)
          --rate <turns/s>       chat: pace all callers to this rate; 0 = closed loop (default 0)
          --warmup <s>           chat: unmeasured seconds first                   (default 5)
          --duration <s>         chat: measured seconds                           (default 20)
          --silo-pid <pid>       chat: the silo's process, to report its CPU per model turn

        Progress goes to stderr, the figures to stdout. Asserts nothing: it measures and reports.
        """;

    public static BenchOptions? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 0 || args[0] is not ("chat" or "voice"))
        {
            error = "The first argument is the measurement: chat or voice.";
            return null;
        }

        var voice = args[0] == "voice";
        var options = new BenchOptions { Mode = args[0], Calls = voice ? 10 : 50, Turns = voice ? 5 : 4, ChunkMs = voice ? 30 : 0 };
        for (var i = 1; i < args.Length; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[i + 1];
            if (name == "--url")
            {
                if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url))
                {
                    error = $"--url must be an absolute address, not '{value}'.";
                    return null;
                }

                options = options with { Url = url };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
            {
                error = $"{name} must be a whole number >= 0, not '{value}'.";
                return null;
            }

            BenchOptions? next = name switch
            {
                "--model-port" => options with { ModelPort = n },
                "--model-delay-ms" => options with { ModelDelayMs = n },
                "--chunk-ms" => options with { ChunkMs = n },
                "--chunk-chars" => options with { ChunkChars = Math.Max(1, n) },
                "--calls" => options with { Calls = Math.Max(1, n) },
                "--turns" => options with { Turns = Math.Max(1, n) },
                "--rate" => options with { Rate = n },
                "--warmup" => options with { WarmupSeconds = n },
                "--duration" => options with { DurationSeconds = Math.Max(1, n) },
                "--timeout" => options with { TimeoutSeconds = Math.Max(1, n) },
                "--silo-pid" => options with { SiloPid = n },
                _ => null,
            };
            if (next is null)
            {
                error = $"Unknown option {name}.";
                return null;
            }

            options = next;
        }

        return options;
    }
}

/// <summary>Parses the command line and runs the measurement it names.</summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "--help" or "-h")
        {
            Console.Out.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var options = BenchOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        return options.Mode == "chat" ? await ChatBench.RunAsync(options) : await VoiceTurnBench.RunAsync(options);
    }
}
