using System.Collections.Concurrent;
using CallCenter.Calls;
using Microsoft.Extensions.Hosting;

namespace CallCenter.Gateway.Holds;

/// <summary>
/// The calls whose connection this process holds open (voice lines, chat WebSockets), kept alive with their call grains:
/// each is told at once and then every third of the lease its grain returns (<see cref="ICallGrain.HoldAsync"/>). If the
/// process dies (SIGKILL, a lost machine) the renewals stop, and each call grain ends its call as dropped after a lease,
/// with its transcript. This is a lease rather than Orleans' own view of its clients because an Orleans client is only
/// dropped by the silos minutes after it vanished and grains are not told; a lease says exactly which calls went with it.
/// </summary>
public sealed class CallHolds(IGrainFactory grains, TimeProvider time, ILogger<CallHolds> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRenewal = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, CallHold> _calls = new();
    private long _renewEveryTicks = FirstRenewal.Ticks;
    private bool _failing;

    /// <summary>This process as a holder: unique to the process's run, so a restarted Gateway is a new holder.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public int Count => _calls.Count;

    /// <summary>Holds the call until the returned hold is disposed (the connection closed).</summary>
    public async Task<CallHold> HoldAsync(string callId)
    {
        LearnLease(await grains.GetGrain<ICallGrain>(callId).HoldAsync(Holder));
        var hold = new CallHold(this, callId);
        _calls[callId] = hold;
        return hold;
    }

    /// <summary>The connection closed: no more renewals, and the call is no longer held (if it did not end, it carries on unheld).</summary>
    internal void Release(CallHold hold)
    {
        if (!_calls.TryRemove(new KeyValuePair<string, CallHold>(hold.CallId, hold)))
        {
            return;
        }

        _ = grains.GetGrain<ICallGrain>(hold.CallId).ReleaseAsync(Holder).ContinueWith(
            t => logger.LogDebug(t.Exception, "Call {CallId}: releasing its hold failed; it expires.", hold.CallId),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var every = TimeSpan.FromTicks(Interlocked.Read(ref _renewEveryTicks));
                await Task.Delay(every, time, stoppingToken);
                await Parallel.ForEachAsync(_calls.Values, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stoppingToken },
                    (hold, cancellationToken) => RenewAsync(hold, every, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A renewal waits at most one round: one that hangs (its silo died) must not hold up the next.</summary>
    private async ValueTask RenewAsync(CallHold hold, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            LearnLease(await grains.GetGrain<ICallGrain>(hold.CallId).HoldAsync(Holder).WaitAsync(wait, time, cancellationToken));
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Renewing call holds works again.");
            }
        }
        catch (Exception ex) when (ex is CallEndedException or CallNotFoundException)
        {
            _calls.TryRemove(new KeyValuePair<string, CallHold>(hold.CallId, hold)); // ended elsewhere: nothing left to hold
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call's silo may be failing over; the next round tries again, well within the lease.
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Renewing the hold of call {CallId} failed; retrying at the next round.", hold.CallId);
            }
        }
    }

    private void LearnLease(TimeSpan lease) => Interlocked.Exchange(ref _renewEveryTicks, Math.Max(lease.Ticks / 3, TimeSpan.TicksPerMillisecond * 100));
}

/// <summary>One held call; disposing it releases the hold.</summary>
public sealed class CallHold(CallHolds holds, string callId) : IDisposable
{
    public string CallId { get; } = callId;

    public void Dispose() => holds.Release(this);
}
