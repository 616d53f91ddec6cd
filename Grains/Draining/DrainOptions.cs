using Microsoft.Extensions.Options;

namespace CallCenter.Draining;

/// <summary>
/// Configuration section "Drain": what a silo does when it is told to stop (SIGTERM). It stops taking new calls, moves
/// the grains of its calls in progress to the other silos (live migration: no turn is lost, the caller hears at most a
/// short pause), then leaves the cluster and exits.
/// </summary>
public sealed class DrainOptions
{
    public const string Section = "Drain";

    /// <summary>
    /// The silo exits within this many seconds of SIGTERM (the host's shutdown timeout): moving the calls, leaving the
    /// cluster, deactivating the rest. Kubernetes' terminationGracePeriodSeconds must be longer.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The part of <see cref="TimeoutSeconds"/> spent moving calls; what remains is for Orleans to leave the cluster.
    /// Calls still here after it are deactivated as Orleans does at shutdown and continue from storage on their next turn.
    /// </summary>
    public int MoveCallsSeconds { get; set; } = 20;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan MoveCalls => TimeSpan.FromSeconds(MoveCallsSeconds);

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() =>
        TimeoutSeconds < 1 ? $"Drain:TimeoutSeconds must be at least 1, not {TimeoutSeconds}."
        : MoveCallsSeconds < 0 || MoveCallsSeconds >= TimeoutSeconds
            ? $"Drain:MoveCallsSeconds must be from 0 to less than Drain:TimeoutSeconds ({TimeoutSeconds}), not {MoveCallsSeconds}: the silo needs time after the calls moved to leave the cluster."
            : null;
}

/// <summary>Stops the silo at start with the message of <see cref="DrainOptions.Problem"/>.</summary>
internal sealed class DrainOptionsValidator : IValidateOptions<DrainOptions>
{
    public ValidateOptionsResult Validate(string? name, DrainOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
