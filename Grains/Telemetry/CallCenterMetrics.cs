using System.Diagnostics.Metrics;
using CallCenter.Calls;
using CallCenter.Llm;

namespace CallCenter.Telemetry;

/// <summary>
/// The engine's own OpenTelemetry instruments (meter "CallCenter"), exported at /metrics beside Orleans' meter.
/// Label values are bounded enums (channel, language, intent), never caller text or ids.
/// </summary>
public sealed class CallCenterMetrics
{
    public const string MeterName = "CallCenter";

    private readonly Counter<long> _callsStarted;
    private readonly Counter<long> _callsEnded;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _urgentCalls;
    private readonly Histogram<double> _emotion;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _modelTurns;
    private readonly Counter<long> _modelTokens;
    private readonly Counter<double> _modelCost;
    private readonly Counter<long> _modelToolCalls;
    private readonly Counter<long> _modelFillers;
    private readonly Counter<long> _modelEscalations;
    private readonly Histogram<double> _modelOverhead;
    private readonly Counter<long> _brainTurns;
    private readonly Counter<long> _recordsDeleted;
    private long _activeCalls;
    private long _activeVoiceCalls;
    private long _callsAdded;

    public CallCenterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("callcenter.calls.active", () => Volatile.Read(ref _activeCalls), "{call}",
            "Calls in progress (not ended) whose grain is active on this silo.");
        meter.CreateObservableGauge("callcenter.calls.active.voice", () => Volatile.Read(ref _activeVoiceCalls), "{call}",
            "Voice calls in progress whose grain is active on this silo (also counted in callcenter.calls.active).");
        _callsStarted = meter.CreateCounter<long>("callcenter.calls.started", "{call}", "Calls started.");
        _callsEnded = meter.CreateCounter<long>("callcenter.calls.ended", "{call}", "Calls ended, by outcome.");
        _turns = meter.CreateCounter<long>("callcenter.turns", "{turn}", "Caller turns handled, by intent.");
        _cacheHits = meter.CreateCounter<long>("callcenter.answer_cache.hits", "{lookup}", "Answer cache hits.");
        _cacheMisses = meter.CreateCounter<long>("callcenter.answer_cache.misses", "{lookup}", "Answer cache misses.");
        _handoffs = meter.CreateCounter<long>("callcenter.handoffs", "{call}", "Calls handed to a human agent.");
        _urgentCalls = meter.CreateCounter<long>("callcenter.calls.urgent", "{call}", "Calls marked urgent.");
        _emotion = meter.CreateHistogram<double>("callcenter.emotion.score", "1", "Rolling emotion score after each caller turn (-1 upset .. 1 pleased).");
        _turnDuration = meter.CreateHistogram<double>("callcenter.turn.duration", "ms", "Engine time per caller turn, from input to reply, including the durable write.");
        _brainTurns = meter.CreateCounter<long>("callcenter.turns.by_brain", "{turn}", "Caller turns by the brain that answered: embedded, cache, model_small, model_large.");
        _modelTurns = meter.CreateCounter<long>("callcenter.llm.turns", "{turn}", "Language-model turns by result (answered, fallback, circuit_open) and tier.");
        _modelTokens = meter.CreateCounter<long>("callcenter.llm.tokens", "{token}", "Language-model tokens by tier and kind (prompt, completion).");
        _modelCost = meter.CreateCounter<double>("callcenter.llm.cost", "{currency}", "Language-model cost at the configured prices, by tier.");
        _modelToolCalls = meter.CreateCounter<long>("callcenter.llm.tool_calls", "{call}", "Tool calls the model made, by tool and result (ok, error).");
        _modelFillers = meter.CreateCounter<long>("callcenter.llm.fillers", "{turn}", "Turns where the model was slow and the caller heard a filler.");
        _modelEscalations = meter.CreateCounter<long>("callcenter.llm.escalations", "{turn}", "Turns the small model was unsure of, answered by the large one.");
        _modelOverhead = meter.CreateHistogram<double>("callcenter.llm.overhead", "ms", "Engine time of a model turn minus the time waiting for the model.");
        _recordsDeleted = meter.CreateCounter<long>("callcenter.records.deleted", "{call}", "Calls deleted by retention (records and state), older than Records:RetentionDays.");
    }

    public void CallStarted(CallChannel channel, Language language) =>
        _callsStarted.Add(1, new("channel", Label(channel)), new("language", Label(language)));

    public void RecordsDeleted(int calls) => _recordsDeleted.Add(calls);

    public void CallEnded(CallOutcome outcome) => _callsEnded.Add(1, new KeyValuePair<string, object?>("outcome", Label(outcome)));

    /// <summary>Calls in progress whose grain is active on this silo: what the silo reports to the load table.</summary>
    public int ActiveCalls => (int)Volatile.Read(ref _activeCalls);

    /// <summary>The voice calls among <see cref="ActiveCalls"/>.</summary>
    public int ActiveVoiceCalls => (int)Volatile.Read(ref _activeVoiceCalls);

    /// <summary>
    /// How many calls have become active on this silo since it started. Read it before <see cref="ActiveCalls"/>: a call
    /// whose <see cref="ActiveCallAdded"/> returned n or less is then in the active count (unless it has ended since).
    /// </summary>
    public long CallsAdded => Interlocked.Read(ref _callsAdded);

    /// <summary>A call in progress became active on this silo (started or reactivated); returns the new <see cref="CallsAdded"/>.</summary>
    public long ActiveCallAdded(bool voice)
    {
        Interlocked.Increment(ref _activeCalls);
        if (voice) Interlocked.Increment(ref _activeVoiceCalls);
        return Interlocked.Increment(ref _callsAdded);
    }

    /// <summary>A call in progress left this silo (ended or deactivated).</summary>
    public void ActiveCallRemoved(bool voice)
    {
        Interlocked.Decrement(ref _activeCalls);
        if (voice) Interlocked.Decrement(ref _activeVoiceCalls);
    }

    public void TurnHandled(Intent intent, Language language, double emotionScore, double durationMs)
    {
        _turns.Add(1, new("intent", Label(intent)), new("language", Label(language)));
        _emotion.Record(emotionScore);
        _turnDuration.Record(durationMs);
    }

    public void Handoff() => _handoffs.Add(1);

    public void Urgent() => _urgentCalls.Add(1);

    public void AnswerCacheHit() => _cacheHits.Add(1);

    public void AnswerCacheMiss() => _cacheMisses.Add(1);

    public void TurnAnswered(string brain) => _brainTurns.Add(1, new KeyValuePair<string, object?>("brain", brain.Replace(':', '_')));

    public void ModelTurn(string result, ModelTier tier) => _modelTurns.Add(1, new("result", result), new("tier", Label(tier)));

    public void ModelTokens(ModelTier tier, int prompt, int completion, decimal cost)
    {
        _modelTokens.Add(prompt, new("tier", Label(tier)), new("kind", "prompt"));
        _modelTokens.Add(completion, new("tier", Label(tier)), new("kind", "completion"));
        _modelCost.Add((double)cost, new KeyValuePair<string, object?>("tier", Label(tier)));
    }

    public void ModelToolCall(string tool, bool ok) => _modelToolCalls.Add(1, new("tool", tool), new("result", ok ? "ok" : "error"));

    public void ModelFiller() => _modelFillers.Add(1);

    public void ModelEscalated() => _modelEscalations.Add(1);

    public void ModelOverhead(double ms) => _modelOverhead.Record(ms);

    private static string Label<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
