using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Infrastructure;

/// <summary>A logging provider that keeps what it is given (the last 20,000 entries), as a log shipper would receive it.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int Capacity = 20_000;
    private readonly Queue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every entry as a sink would write it: category, message, structured values and the exception's text.</summary>
    public string AllText => string.Join("\n", Entries.Select(e =>
        $"{e.Category}: {e.Message} {string.Join(" ", e.Fields.Select(f => $"{f.Key}={f.Value}"))} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            lock (logs._entries)
            {
                logs._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), fields, exception));
                if (logs._entries.Count > Capacity) logs._entries.Dequeue();
            }
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Category, string Message, Dictionary<string, object?> Fields, Exception? Exception);
