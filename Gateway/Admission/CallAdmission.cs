using System.Diagnostics.Metrics;
using CallCenter.Admission;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Admission;

/// <summary>The busy answer to a refused call: what to tell the caller and when to try again.</summary>
public sealed record AdmissionRefusal(string Message, int RetryAfterSeconds, AdmissionLimit Limit);

/// <summary>
/// Decides whether a new call may start (every channel asks before it starts a call; existing calls never do). Reads
/// the cluster's load table at most every 250 ms (<see cref="CacheFor"/>) and adds the calls it admitted that the
/// figures do not show yet (<see cref="PendingCalls"/>); the rules are <see cref="AdmissionPolicy"/>'s. When the table
/// cannot be read within <see cref="LookupTimeout"/>, calls are admitted on the last figures (if recent) or without any.
/// </summary>
public sealed class CallAdmission
{
    /// <summary>How long figures read from the load table are used before they are read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMilliseconds(250);


    private readonly IGrainFactory _grains;
    private readonly AdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CallAdmission> _logger;
    private readonly Counter<long> _refused;
    private readonly Lock _lock = new();
    private readonly PendingCalls _pending = new();
    private Figures? _last;
    private Task<Figures>? _reading;
    private bool _refusing;
    private bool _lookupFailing;

    /// <summary>How long a call start waits for the load table before it is admitted without fresh figures (tests on a busy machine lengthen it).</summary>
    internal TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public CallAdmission(IGrainFactory grains, IOptions<AdmissionOptions> options, TimeProvider time, IMeterFactory meters, ILogger<CallAdmission> logger)
    {
        _grains = grains;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _refused = meters.Create("CallCenter").CreateCounter<long>("callcenter.admission.refused", "{call}",
            "New calls refused because the cluster was at capacity, by channel and by the limit reached (calls, voice_calls).");
    }

    /// <summary>
    /// Asks to start a call on <paramref name="channel"/>. Dispose the ticket; call <see cref="AdmissionTicket.Started"/>
    /// once the call has started (it then counts as pending until the load table shows it).
    /// </summary>
    public async ValueTask<AdmissionTicket> AdmitAsync(CallChannel channel)
    {
        var voice = channel == CallChannel.Voice;
        var figures = await FiguresAsync();
        AdmissionLimit? limit;
        bool changed;
        lock (_lock)
        {
            var pending = _pending.Count(figures.Load, Expired);
            limit = AdmissionPolicy.Decide(figures.Load, pending, voice);
            if (limit is null)
            {
                _pending.Begin(voice);
            }

            changed = _refusing != (limit is not null);
            _refusing = limit is not null;
        }

        if (limit is not { } refused)
        {
            if (changed)
            {
                _logger.LogInformation("New calls are admitted again ({Active} calls in progress in the cluster).", figures.Load.ActiveCalls);
            }

            return new AdmissionTicket(this, voice, null);
        }

        _refused.Add(1, new("channel", ApiJson.EnumName(channel)), new("limit", ApiJson.EnumName(refused)));
        if (changed)
        {
            _logger.LogWarning(
                "The cluster is at capacity ({Active} calls, {Voice} voice calls in progress on {Silos} silos): new calls are refused until calls end or silos join.",
                figures.Load.ActiveCalls, figures.Load.ActiveVoiceCalls, figures.Load.Silos.Length);
        }

        return new AdmissionTicket(this, voice, Refusal(refused));
    }

    private AdmissionRefusal Refusal(AdmissionLimit limit)
    {
        var seconds = Math.Max(1, _options.RetryAfterSeconds);
        var what = limit == AdmissionLimit.VoiceCalls ? "at capacity for voice calls" : "at capacity";
        return new AdmissionRefusal(
            $"All agents are busy: the engine is {what}. Please try again in {seconds} second{(seconds == 1 ? "" : "s")}.", seconds, limit);
    }

    /// <summary>What the next decision would rest on: the figures and the calls admitted here they do not show yet (diagnostics, tests).</summary>
    internal async Task<(ClusterLoad Figures, PendingCount Pending)> CurrentAsync()
    {
        var figures = await FiguresAsync();
        lock (_lock)
        {
            return (figures.Load, _pending.Count(figures.Load, Expired));
        }
    }

    internal void End(bool voice, bool started, LoadStamp? counted)
    {
        lock (_lock)
        {
            _pending.End(voice, started, counted, _time.GetTimestamp());
        }
    }

    /// <summary>A started call the figures have not shown for two report expiries is no longer counted here (a start without a stamp).</summary>
    private bool Expired(long startedAt) => _time.GetElapsedTime(startedAt) > 2 * _options.ReportExpiry;

    private async ValueTask<Figures> FiguresAsync()
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && _time.GetElapsedTime(last.ReadAt) < CacheFor)
        {
            return last;
        }

        Task<Figures> reading;
        lock (_lock)
        {
            if (_reading is not { IsCompleted: false })
            {
                _reading = ReadAsync();
                // A read that outlives the caller's wait and then fails is logged by the next caller's read, not here.
                _ = _reading.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            reading = _reading;
        }

        try
        {
            var figures = await reading.WaitAsync(LookupTimeout, _time);
            if (_lookupFailing)
            {
                _lookupFailing = false;
                _logger.LogInformation("The load table answers again.");
            }

            return figures;
        }
        catch (Exception ex)
        {
            if (!_lookupFailing)
            {
                _lookupFailing = true;
                _logger.LogWarning(ex, "The load table could not be read: new calls are admitted on the last figures, or without any.");
            }

            return last is not null && _time.GetElapsedTime(last.ReadAt) < _options.ReportExpiry ? last : new Figures(ClusterLoad.Unknown, _time.GetTimestamp());
        }
    }

    private async Task<Figures> ReadAsync()
    {
        var asked = _time.GetTimestamp();
        var load = await _grains.GetGrain<ILoadTableGrain>(LoadTableKeys.Default).GetAsync();
        var figures = new Figures(load, asked);
        Volatile.Write(ref _last, figures);
        return figures;
    }

    /// <param name="ReadAt">When the table was asked (a monotonic timestamp).</param>
    private sealed record Figures(ClusterLoad Load, long ReadAt);
}

/// <summary>
/// A call start's admission: <see cref="Refusal"/> is the busy answer, or null when the call may start. An admitted call
/// counts as pending from the ticket on; <see cref="Started"/> (with where the call was counted) keeps it counted until
/// the load table shows it, and disposing without it (the start failed) withdraws it.
/// </summary>
public sealed class AdmissionTicket : IDisposable
{
    private readonly CallAdmission _admission;
    private readonly bool _voice;
    private bool _ended;

    internal AdmissionTicket(CallAdmission admission, bool voice, AdmissionRefusal? refusal)
    {
        _admission = admission;
        _voice = voice;
        Refusal = refusal;
        _ended = refusal is not null;
    }

    public AdmissionRefusal? Refusal { get; }

    public void Started(LoadStamp? counted) => End(started: true, counted);

    public void Dispose() => End(started: false, null);

    private void End(bool started, LoadStamp? counted)
    {
        if (!_ended)
        {
            _ended = true;
            _admission.End(_voice, started, counted);
        }
    }
}
