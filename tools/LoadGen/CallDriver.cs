namespace CallCenter.LoadGen;

/// <summary>
/// One virtual caller. Closed loop (no <paramref name="pace"/>): start a call, send the script's messages one after another (each as soon as the
/// previous reply has arrived), hang up, start the next call, until told to stop. On a failed request the caller
/// hangs up what it can, waits a moment so a failing server is not hammered in a tight loop, and starts a new call.
/// Paced: each caller sends one message per <paramref name="pace"/> on a fixed schedule (not bursting to catch up),
/// so the whole run offers a fixed rate and latency is measured at that load rather than at saturation.
/// </summary>
public sealed class CallDriver(ChatApiClient api, ScriptBook scripts, RunStats stats, int turnsPerCall, TimeSpan? pace = null)
{
    /// <summary>Pause after a failed request before the caller tries again.</summary>
    public static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(100);

    private long _activeCalls;

    /// <summary>Calls currently open (started, not yet hung up).</summary>
    public long ActiveCalls => Interlocked.Read(ref _activeCalls);

    /// <summary>
    /// Runs one caller. <paramref name="stop"/> asks it to finish the request in flight, hang up and return;
    /// <paramref name="abort"/> cancels requests in flight (used only if stopping takes too long).
    /// </summary>
    public async Task RunCallerAsync(CancellationToken stop, CancellationToken abort)
    {
        var schedule = new Schedule(pace);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (!await RunOneCallAsync(schedule, stop, abort).ConfigureAwait(false) && !stop.IsCancellationRequested)
                {
                    await Task.Delay(ErrorBackoff, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || abort.IsCancellationRequested)
        {
            // Stopping: nothing to record.
        }
    }

    /// <summary>One call from start to hangup; false if a request failed.</summary>
    private async Task<bool> RunOneCallAsync(Schedule schedule, CancellationToken stop, CancellationToken abort)
    {
        var script = scripts.Next();
        var start = await api.StartCallAsync(script.Language, abort).ConfigureAwait(false);
        stats.RecordStart(start);
        if (!start.Ok) return false;

        var callId = start.Value!.CallId;
        Interlocked.Increment(ref _activeCalls);
        try
        {
            for (var turn = 0; turn < turnsPerCall && !stop.IsCancellationRequested; turn++)
            {
                await schedule.WaitAsync(stop).ConfigureAwait(false);
                var reply = await api.SendMessageAsync(callId, script.MessageBody(turn, turnsPerCall), abort).ConfigureAwait(false);
                stats.RecordTurn(reply);
                if (!reply.Ok)
                {
                    // Best effort, not recorded: the failed message is the error that counts.
                    await api.HangupAsync(callId, abort).ConfigureAwait(false);
                    return false;
                }
                if (string.Equals(reply.Value!.Status, "ended", StringComparison.OrdinalIgnoreCase))
                {
                    // The server closed the call itself (e.g. after a goodbye); there is nothing to hang up.
                    stats.RecordCallEnd(new ApiResult<string>(reply.Started, reply.Ended, null, callId, null), endedByServer: true);
                    return true;
                }
            }
            return await HangupAsync(callId, abort).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }
    }

    private async Task<bool> HangupAsync(string callId, CancellationToken abort)
    {
        var result = await api.HangupAsync(callId, abort).ConfigureAwait(false);
        stats.RecordCallEnd(result, endedByServer: false);
        return result.Ok;
    }

    /// <summary>A caller's send times when paced: one per interval, starting at a random point of the first interval.</summary>
    private sealed class Schedule(TimeSpan? interval)
    {
        private long _next = System.Diagnostics.Stopwatch.GetTimestamp()
            + (long)(Random.Shared.NextDouble() * (interval ?? TimeSpan.Zero).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);

        public async Task WaitAsync(CancellationToken stop)
        {
            if (interval is not { } every)
            {
                return;
            }

            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var wait = System.Diagnostics.Stopwatch.GetElapsedTime(now, _next);
            // Late callers send at once but do not burst to catch up.
            _next = Math.Max(_next, now) + (long)(every.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop).ConfigureAwait(false);
            }
        }
    }
}
