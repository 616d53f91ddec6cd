using System.Diagnostics;
using CallCenter.Admission;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace CallCenter.Draining;

/// <summary>
/// The graceful drain of a silo told to stop (SIGTERM, a Kubernetes pod deletion, a rolling update). It runs before
/// anything else stops, while the silo still serves requests and health checks:
/// <list type="number">
/// <item>the silo stops taking new calls: /healthz says it is draining (load balancers and readiness stop routing to
/// it), and it reports itself to the load table as not accepting, so admission stops counting its capacity and call
/// placement, here and on the other silos (after their next report, within one report interval), sends new calls
/// elsewhere;</item>
/// <item>the grains of each call in progress (<see cref="IMovesOnDrain"/>) move, together, to the silo with the most room
/// among those that take calls: Orleans' live migration finishes the request in hand, carries the grain's state and what
/// it holds in memory (<see cref="IGrainMigrationParticipant"/>), and forwards requests that arrive meanwhile, so no turn
/// is lost and the caller hears at most a short pause;</item>
/// <item>it waits until none is left (calls placed here by silos that have not yet heard are moved too), for at most
/// <see cref="DrainOptions.MoveCallsSeconds"/>; then the host stops and Orleans leaves the cluster.</item>
/// </list>
/// With no other silo taking calls (the whole cluster stops) nothing is moved: the calls' state is in storage and they
/// continue on the next silo that starts.
/// </summary>
public sealed class SiloDrain(
    CallActivations calls, ClusterLoadView view, SiloLoadReporter reporter, ILocalSiloDetails silo, ISiloStatusOracle status,
    IClusterMembershipService membership, IOptions<DrainOptions> options, IOptions<AdmissionOptions> admission, TimeProvider time,
    ILogger<SiloDrain> logger)
    : IHostedLifecycleService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private volatile bool _draining;

    /// <summary>True from the moment the silo was told to stop: it takes no new calls and is moving its calls away.</summary>
    public bool Draining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (status.CurrentStatus != SiloStatus.Active)
        {
            return; // it never joined, or is already leaving: there is nothing to hand over
        }

        _draining = true;
        var started = Stopwatch.GetTimestamp();
        var before = calls.Snapshot().Select(CallId).Distinct().Count();
        logger.LogInformation("Silo {Silo} is draining: it takes no new calls and moves its {Calls} calls to other silos.", silo.SiloAddress, before);
        await reporter.StopAcceptingAsync(); // the table's answer tells this silo's placement too

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.MoveCalls);
        // The other silos learn it with their next report's answer: until then their placement would still pick this
        // silo, now the emptiest, for new calls and for calls moving out of here.
        await Task.Delay(TimeSpan.FromMilliseconds(admission.Value.ReportIntervalMs) + Poll, time, limit.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var asked = new HashSet<IGrainContext>(ReferenceEqualityComparer.Instance);
        var moved = new HashSet<string>();
        try
        {
            while (calls.Snapshot().Count > 0)
            {
                var targets = Targets(silo.SiloAddress, ActiveSilos(), view.Current);
                if (targets.Length == 0)
                {
                    logger.LogWarning(
                        "Silo {Silo}: no other silo takes calls; its {Calls} calls stay in storage and continue where they are next activated.",
                        silo.SiloAddress, calls.Snapshot().Select(CallId).Distinct().Count());
                    break;
                }

                foreach (var call in calls.Snapshot().Where(c => !asked.Contains(c)).GroupBy(CallId))
                {
                    // One target for all of a call's grains: its turns, recognition and synthesis stay on one silo.
                    var hint = new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = view.Place(targets) };
                    foreach (var grain in call)
                    {
                        asked.Add(grain);
                        grain.Migrate(hint);
                    }

                    moved.Add(call.Key);
                }

                await Task.Delay(Poll, time, limit.Token);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            logger.LogWarning(
                "Silo {Silo}: {Grains} grains of calls were still moving after {Seconds} s; they are deactivated and continue from storage.",
                silo.SiloAddress, calls.Snapshot().Count, options.Value.MoveCallsSeconds);
        }

        logger.LogInformation("Silo {Silo} drained: {Moved} calls moved in {Ms:0} ms.", silo.SiloAddress, moved.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Where this silo's calls may go: the other active silos, except those that say they take no calls (draining or
    /// stopping). A silo not in the load table yet has just joined and takes calls.
    /// </summary>
    public static SiloAddress[] Targets(SiloAddress self, IEnumerable<SiloAddress> active, ClusterLoad load)
    {
        var refusing = load.Silos.Where(s => !s.Load.Accepting).Select(s => s.Load.Silo).ToHashSet();
        return [.. active.Where(s => !s.Equals(self) && !refusing.Contains(s))];
    }

    private IEnumerable<SiloAddress> ActiveSilos() =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress);

    private static string CallId(IGrainContext grain) => grain.GrainId.Key.ToString()!;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
