using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Privacy;

public static class PersonalDataLoggingExtensions
{
    /// <summary>
    /// Masks personal data in every log entry of the process, whichever provider writes it (console, OpenTelemetry, a
    /// test's): the message, its structured values and the exception text. The one place log lines are cleaned, so code
    /// that logs an exception quoting a caller's words (a CRM URL with a phone number, a model error echoing the prompt)
    /// leaks nothing.
    /// </summary>
    public static ILoggingBuilder AddPersonalDataRedaction(this ILoggingBuilder logging)
    {
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()))));
        return logging;
    }
}

/// <summary>A logger factory whose loggers mask personal data (<see cref="PiiPlaceholders.Mask"/>) before the providers see an entry.</summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var masked = PiiPlaceholders.Mask(message);
            var maskedException = exception is null ? null : RedactedException.Of(exception);
            var fields = new List<KeyValuePair<string, object?>>();
            var changed = !ReferenceEquals(masked, message) || !ReferenceEquals(maskedException, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    var clean = Clean(key, value);
                    changed |= !ReferenceEquals(clean, value);
                    fields.Add(new(key, clean));
                }
            }

            if (!changed)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            inner.Log(logLevel, eventId, new MaskedEntry(masked, fields), maskedException, static (entry, _) => entry.Message);
        }

        /// <summary>A structured value with its personal data masked; the same object when there is none.</summary>
        private static object? Clean(string key, object? value)
        {
            if (value is null || key == "{OriginalFormat}" || value.GetType().IsPrimitive || value is Enum or decimal or DateTimeOffset or DateTime or TimeSpan or Guid)
            {
                return value;
            }

            var text = value as string ?? value.ToString() ?? "";
            var masked = PiiPlaceholders.Mask(text);
            return ReferenceEquals(masked, text) ? value : masked;
        }
    }

    /// <summary>The masked entry: its message and structured values (what OpenTelemetry exports).</summary>
    private sealed class MaskedEntry(string message, List<KeyValuePair<string, object?>> fields) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public int Count => fields.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}

/// <summary>Stands in for a logged exception whose text quoted personal data: the same text (type, message, stack), masked.</summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(string message, string text) : base(message) => _text = text;

    /// <summary>The exception itself when its text has nothing to mask; otherwise its masked stand-in.</summary>
    public static Exception Of(Exception exception)
    {
        var text = exception.ToString();
        var masked = PiiPlaceholders.Mask(text);
        return ReferenceEquals(masked, text)
            ? exception
            : new RedactedException($"{exception.GetType().FullName}: {PiiPlaceholders.Mask(exception.Message)}", masked);
    }

    public override string ToString() => _text;
}
