using Microsoft.Extensions.Options;

namespace CallCenter.Llm;

/// <summary>
/// The silo's circuit breaker for the language model. After <see cref="LlmOptions.CircuitFailures"/> failed turns in a
/// row it opens: turns go to the embedded brain at once instead of each waiting for a model that is down. After
/// <see cref="LlmOptions.CircuitOpenSeconds"/> one turn is let through to probe; its success closes the circuit.
/// </summary>
public sealed class CircuitBreaker(IOptions<LlmOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private bool _probing;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is { } until && (time.GetUtcNow() < until || _probing);
            }
        }
    }

    /// <summary>Whether a turn may try the model now. While open, false; once the open time is over, true for one probe.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return true;
            }

            if (time.GetUtcNow() < until || _probing)
            {
                return false;
            }

            _probing = true;
            return true;
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
            _openUntil = null;
            _probing = false;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _failures++;
            if (_probing || _failures >= Math.Max(1, options.Value.CircuitFailures))
            {
                _openUntil = time.GetUtcNow().AddSeconds(options.Value.CircuitOpenSeconds);
                _probing = false;
            }
        }
    }
}
