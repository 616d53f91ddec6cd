using CallCenter.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace CallCenter.Admission;

/// <summary>
/// Reports this silo's calls in progress and limits to the load table every <see cref="AdmissionOptions.ReportIntervalMs"/>,
/// from the moment the silo is active, and keeps the table's answer for placement (<see cref="ClusterLoadView"/>).
/// When the silo drains (<see cref="Draining.SiloDrain"/>) or stops it reports itself as not accepting: its calls still count until they are gone, its capacity
/// no longer does. A failed report is logged once per run of failures and retried at the next tick.
/// </summary>
public sealed class SiloLoadReporter(
    IGrainFactory grains, ILocalSiloDetails silo, CallCenterMetrics metrics, ClusterLoadView view, IOptions<AdmissionOptions> options,
    TimeProvider time, ILogger<SiloLoadReporter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>A report that takes longer counts as failed (the table's silo may be dying); the silo's start or stop never waits longer.</summary>
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _failing;
    private volatile bool _accepting = true;

    private ILoadTableGrain Table => grains.GetGrain<ILoadTableGrain>(LoadTableKeys.Default);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLoadReporter), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    /// <summary>What this silo reports now. The running count is read first: every call it covers is in the active counts.</summary>
    public SiloLoad CurrentLoad(bool accepting = true)
    {
        var added = metrics.CallsAdded;
        return new SiloLoad(
            silo.SiloAddress, metrics.ActiveCalls, metrics.ActiveVoiceCalls,
            Math.Max(0, options.Value.MaxActiveCallsPerSilo), Math.Max(0, options.Value.MaxVoiceCallsPerSilo), accepting, added);
    }

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        await ReportAsync(accepting: true); // a silo that joins is counted (and gets calls) at once
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The silo is draining: from now on it reports itself as taking no new calls; returns once the table knows.</summary>
    public Task StopAcceptingAsync()
    {
        _accepting = false;
        return ReportAsync(accepting: false);
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await ReportAsync(accepting: false); // if the table is gone with its silo, this one's report expires there
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, options.Value.ReportIntervalMs)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await ReportAsync(_accepting);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(bool accepting)
    {
        try
        {
            view.Update(await Table.ReportAsync(CurrentLoad(accepting)).WaitAsync(ReportTimeout, time));
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("Silo {Silo} reports its load to the load table again.", silo.SiloAddress);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(ex, "Silo {Silo} could not report its load; placement and admission use older figures until it can.", silo.SiloAddress);
            }
        }
    }
}
