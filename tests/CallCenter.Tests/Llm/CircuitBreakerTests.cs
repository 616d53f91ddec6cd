using CallCenter.Llm;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCenter.Tests.Llm;

/// <summary>The silo's circuit breaker on a fake clock: opens after failures in a row, probes once, closes or reopens.</summary>
public sealed class CircuitBreakerTests
{
    private const int Failures = 3;
    private static readonly TimeSpan OpenTime = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly CircuitBreaker _circuit;

    public CircuitBreakerTests() =>
        _circuit = new CircuitBreaker(Options.Create(new LlmOptions { CircuitFailures = Failures, CircuitOpenSeconds = (int)OpenTime.TotalSeconds }), _time);

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(_circuit.TryEnter());
            _circuit.Failed();
        }
    }

    [Fact]
    public void A_closed_circuit_lets_every_turn_through()
    {
        Assert.False(_circuit.IsOpen);
        Assert.True(_circuit.TryEnter());
        Assert.True(_circuit.TryEnter());
    }

    [Fact]
    public void It_opens_after_the_configured_failures_in_a_row()
    {
        Fail(Failures - 1);
        Assert.False(_circuit.IsOpen);
        Assert.True(_circuit.TryEnter());

        _circuit.Failed();
        Assert.True(_circuit.IsOpen);
        Assert.False(_circuit.TryEnter());
    }

    [Fact]
    public void A_success_resets_the_count_of_failures()
    {
        Fail(Failures - 1);
        _circuit.Succeeded();
        Fail(Failures - 1);
        Assert.False(_circuit.IsOpen);
        Assert.True(_circuit.TryEnter());
    }

    [Fact]
    public void While_open_every_turn_is_refused_until_the_open_time_is_over()
    {
        Fail(Failures);
        _time.Advance(OpenTime - TimeSpan.FromSeconds(1));
        Assert.False(_circuit.TryEnter());
        Assert.False(_circuit.TryEnter());
        Assert.True(_circuit.IsOpen);
    }

    [Fact]
    public void After_the_open_time_exactly_one_probe_goes_through()
    {
        Fail(Failures);
        _time.Advance(OpenTime);

        Assert.True(_circuit.TryEnter());
        Assert.False(_circuit.TryEnter());
        Assert.False(_circuit.TryEnter());
        Assert.True(_circuit.IsOpen);
    }

    [Fact]
    public void A_successful_probe_closes_the_circuit()
    {
        Fail(Failures);
        _time.Advance(OpenTime);
        Assert.True(_circuit.TryEnter());

        _circuit.Succeeded();
        Assert.False(_circuit.IsOpen);
        Assert.True(_circuit.TryEnter());
        Assert.True(_circuit.TryEnter());

        // Closed again means the full count of failures is needed to open it.
        Fail(Failures - 1);
        Assert.False(_circuit.IsOpen);
    }

    [Fact]
    public void A_failed_probe_reopens_the_circuit_for_another_open_time()
    {
        Fail(Failures);
        _time.Advance(OpenTime);
        Assert.True(_circuit.TryEnter());

        _circuit.Failed();
        Assert.True(_circuit.IsOpen);
        Assert.False(_circuit.TryEnter());
        _time.Advance(OpenTime - TimeSpan.FromSeconds(1));
        Assert.False(_circuit.TryEnter());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_circuit.TryEnter());
        Assert.False(_circuit.TryEnter());
    }

    [Fact]
    public void A_probe_that_never_reports_back_does_not_keep_the_circuit_open_for_good()
    {
        Fail(Failures);
        _time.Advance(OpenTime);
        Assert.True(_circuit.TryEnter()); // this turn ends without Succeeded or Failed (e.g. the CRM was down)

        _time.Advance(OpenTime - TimeSpan.FromSeconds(1));
        Assert.False(_circuit.TryEnter());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_circuit.TryEnter());
        Assert.False(_circuit.TryEnter());
    }
}
