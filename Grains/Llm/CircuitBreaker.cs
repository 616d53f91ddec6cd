using Microsoft.Extensions.Options;

namespace CallCenter.Llm;

/// <summary>
/// The silo's circuit breaker for the language model. After <see cref="LlmOptions.CircuitFailures"/> failed turns in a
/// row it opens: turns go to the embedded brain at once instead of each waiting for a model that is down. After
/// <see cref="LlmOptions.CircuitOpenSeconds"/> one turn is let through to probe; its success closes the circuit. A probe
/// that never reports (its turn ended on a tool or CRM error, or an exception) lapses after another open time, and the
/// next turn probes: a lost probe must not keep the circuit open for the life of the silo.
/// </summary>
public sealed class CircuitBreaker(IOptions<LlmOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private DateTimeOffset? _probeUntil;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is { } until && (time.GetUtcNow() < until || Probing);
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

            var now = time.GetUtcNow();
            if (now < until || Probing)
            {
                return false;
            }

            _probeUntil = now.AddSeconds(options.Value.CircuitOpenSeconds);
            return true;
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
            _openUntil = null;
            _probeUntil = null;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _failures++;
            if (_probeUntil is not null || _failures >= Math.Max(1, options.Value.CircuitFailures))
            {
                _openUntil = time.GetUtcNow().AddSeconds(options.Value.CircuitOpenSeconds);
                _probeUntil = null;
            }
        }
    }

    /// <summary>A probe is out and has not lapsed yet (call under the lock).</summary>
    private bool Probing => _probeUntil is { } until && time.GetUtcNow() < until;
}
