using System.Globalization;

namespace CallCenter.LoadGen;

/// <summary>Which language the virtual callers speak. Mixed alternates English and Chinese call by call.</summary>
public enum LanguageMode { En, Zh, Mixed }

/// <summary>The command line, parsed and checked.</summary>
public sealed record LoadGenOptions
{
    public Uri Url { get; init; } = new("http://localhost:8080");
    public int Calls { get; init; } = 200;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public int TurnsPerCall { get; init; } = 6;

    /// <summary>Target messages per second over all callers; 0 = closed loop, as fast as replies come.</summary>
    public int Rate { get; init; }
    public LanguageMode Language { get; init; } = LanguageMode.Mixed;
    public int TimeoutSeconds { get; init; } = 30;
    public string? JsonPath { get; init; }

    public const string Usage = """
        CallCenter.LoadGen: closed-loop load generator for the CallCenter chat HTTP API.

        Options (all optional):
          --url <url>              base address of the gateway          (default http://localhost:8080)
          --calls <n>              concurrent calls (virtual callers)   (default 200)
          --duration <seconds>     measured time                        (default 30)
          --warmup <seconds>       unmeasured time before measuring     (default 5)
          --turns-per-call <n>     caller messages per call, then hang up and start a new call (default 6)
          --rate <turns/s>         pace all callers together to this many messages per second (default 0:
                                   closed loop, each message as soon as the previous reply arrived)
          --language <en|zh|mixed> caller language; mixed alternates call by call (default mixed)
          --timeout <seconds>      per-request timeout                  (default 30)
          --json <file>            also write the figures as JSON to this file
          --help                   show this text

        Progress goes to stderr once per second; the report goes to stdout.
        Exit code: 0 after a run (whatever the error count), 1 if the server is unreachable at start, 2 for bad options.
        """;

    /// <summary>Parses <c>--name value</c> and <c>--name=value</c>. Returns null and an error message if the line is wrong.</summary>
    public static LoadGenOptions? Parse(IReadOnlyList<string> args, out string? error, out bool help)
    {
        var options = new LoadGenOptions();
        error = null;
        help = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
                return null;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Unexpected argument '{arg}'.";
                return null;
            }

            string name;
            string? value;
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[2..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg[2..];
                value = i + 1 < args.Count ? args[++i] : null;
            }
            if (value is null)
            {
                error = $"Option --{name} needs a value.";
                return null;
            }

            switch (name)
            {
                case "url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    {
                        error = $"--url must be an absolute http or https address, not '{value}'.";
                        return null;
                    }
                    // A trailing slash keeps a path prefix (http://host/prefix/) when the API paths are resolved against it.
                    if (!url.AbsolutePath.EndsWith('/')) url = new Uri(url.AbsoluteUri + "/");
                    options = options with { Url = url };
                    break;
                case "calls":
                    if (!TryInt(name, value, 1, out var calls, out error)) return null;
                    options = options with { Calls = calls };
                    break;
                case "duration":
                    if (!TryInt(name, value, 1, out var duration, out error)) return null;
                    options = options with { DurationSeconds = duration };
                    break;
                case "warmup":
                    if (!TryInt(name, value, 0, out var warmup, out error)) return null;
                    options = options with { WarmupSeconds = warmup };
                    break;
                case "turns-per-call":
                    if (!TryInt(name, value, 1, out var turns, out error)) return null;
                    options = options with { TurnsPerCall = turns };
                    break;
                case "rate":
                    if (!TryInt(name, value, 0, out var rate, out error)) return null;
                    options = options with { Rate = rate };
                    break;
                case "timeout":
                    if (!TryInt(name, value, 1, out var timeout, out error)) return null;
                    options = options with { TimeoutSeconds = timeout };
                    break;
                case "language":
                    LanguageMode? mode = value.ToLowerInvariant() switch
                    {
                        "en" => LanguageMode.En,
                        "zh" => LanguageMode.Zh,
                        "mixed" => LanguageMode.Mixed,
                        _ => null,
                    };
                    if (mode is null)
                    {
                        error = $"--language must be en, zh or mixed, not '{value}'.";
                        return null;
                    }
                    options = options with { Language = mode.Value };
                    break;
                case "json":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = "--json needs a file name.";
                        return null;
                    }
                    options = options with { JsonPath = value };
                    break;
                default:
                    error = $"Unknown option --{name}.";
                    return null;
            }
        }
        return options;
    }

    private static bool TryInt(string name, string value, int min, out int result, out string? error)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result) && result >= min)
        {
            error = null;
            return true;
        }
        error = $"--{name} must be a whole number >= {min}, not '{value}'.";
        return false;
    }

    public string LanguageName => Language switch
    {
        LanguageMode.En => "en",
        LanguageMode.Zh => "zh",
        _ => "mixed",
    };
}
