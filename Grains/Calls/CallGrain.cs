using System.Diagnostics;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Llm;
using CallCenter.Records;
using CallCenter.Storage;
using CallCenter.Telemetry;
using CallCenter.Voice;
using Orleans.Streams;
using Microsoft.Extensions.Options;

namespace CallCenter.Calls;

/// <summary>
/// One conversation. Owns the transcript and dialogue state; the embedded brain decides the replies. Every turn is
/// persisted (grain state and call record) before the reply leaves, so a reactivated grain continues the call.
/// </summary>
public sealed class CallGrain(
    [PersistentState("call", StorageNames.Calls)] IPersistentState<CallState> call,
    DialogueBrain brain,
    ModelBrain modelBrain,
    ICallRecordStore records,
    CallCenterMetrics metrics,
    TimeProvider time,
    IOptions<DialogueOptions> dialogueOptions,
    IOptions<CallOptions> callOptions) : Grain, ICallGrain
{
    private bool _countedActive;
    private IGrainTimer? _idleTimer;
    private IAsyncStream<CallEvent>? _events;

    private CallState State => call.State;

    private bool InProgress => State.Started && State.Dialogue.Status != CallStatus.Ended;

    private ICrmGrain Crm => GrainFactory.GetGrain<ICrmGrain>(CrmGrainKeys.Default);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (InProgress)
        {
            TrackActive();
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        UntrackActive();
        return Task.CompletedTask;
    }

    public async Task<CallStarted> StartAsync(StartCall request)
    {
        if (State.Started)
        {
            throw new CallAlreadyStartedException(this.GetPrimaryKeyString());
        }

        var customer = string.IsNullOrWhiteSpace(request.CustomerPhone) ? null : await Crm.FindCustomerByPhoneAsync(request.CustomerPhone);
        var language = request.Language ?? customer?.Language ?? dialogueOptions.Value.DefaultLanguage;
        var now = time.GetUtcNow();
        State.Started = true;
        State.Channel = request.Channel;
        State.StartedAt = now;
        State.LastActivity = now;
        State.CallerPhone = string.IsNullOrWhiteSpace(request.CustomerPhone) ? null : request.CustomerPhone.Trim();
        State.Dialogue = new DialogueState
        {
            Language = language,
            Status = CallStatus.Active,
            CustomerId = customer?.Id,
            CustomerName = customer?.Name,
        };
        var greeting = DialogueBrain.Greeting(language, customer?.Name, languageKnown: request.Language is not null || customer is not null);
        AddTurn(Speaker.Bot, greeting, null, [], null, null, DialogueBrain.Name);
        try
        {
            await SaveAsync(newTurns: 1);
        }
        catch
        {
            call.State = new CallState();
            throw;
        }

        metrics.CallStarted(request.Channel, language);
        TrackActive();
        await PublishAsync(CallEventKind.Started, greeting, null);
        await SpeakIfVoiceAsync(greeting);
        return new CallStarted(this.GetPrimaryKeyString(), greeting, language, customer?.Id);
    }

    public async Task<TurnResult> HandleCallerInputAsync(CallerInput input)
    {
        EnsureInProgress();
        if (CallerInput.Problem(input.Text) is { } problem)
        {
            throw new ArgumentException(problem, nameof(input));
        }

        var started = Stopwatch.GetTimestamp();
        var text = input.Text.Trim();
        var before = State.Dialogue;
        var wasUrgent = before.Urgent;
        var (result, work, usage, said, spoken, modelMs) = await AnswerAsync(before, text, input.Listener);

        var turnCount = State.Turns.Count;
        var lastActivity = State.LastActivity;
        var usageBefore = State.Usage;
        AddTurn(Speaker.Caller, text, result.Intent, result.Entities, result.Emotion.Score, input.AsrConfidence ?? result.Confidence, null);
        AddTurn(Speaker.Bot, said, null, [], null, null, result.Brain);
        State.Dialogue = work;
        State.LastActivity = time.GetUtcNow();
        State.Usage = usageBefore.Add(usage);
        var endedNow = work.Status == CallStatus.Ended;
        if (endedNow)
        {
            Finish(before.Status);
        }

        try
        {
            await SaveAsync(newTurns: 2);
        }
        catch
        {
            // The turn did not become durable: forget it, so memory matches storage and the caller can retry.
            State.Turns.RemoveRange(turnCount, State.Turns.Count - turnCount);
            State.Dialogue = before;
            State.LastActivity = lastActivity;
            State.Usage = usageBefore;
            State.EndedAt = null;
            State.Outcome = CallOutcome.None;
            throw;
        }

        metrics.TurnHandled(result.Intent, work.Language, work.Emotion.Score, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        metrics.TurnAnswered(result.Brain);
        if (result.Handoff) metrics.Handoff();
        if (work.Urgent && !wasUrgent) metrics.Urgent();
        await PublishAsync(CallEventKind.CallerTurn, text, result.Intent);
        await PublishAsync(CallEventKind.BotTurn, said, null);
        if (work.Urgent && !wasUrgent) await PublishAsync(CallEventKind.SupervisorAlert, work.HandoffReason, result.Intent);
        if (result.Handoff) await PublishAsync(CallEventKind.Transferred, work.HandoffReason, result.Intent);
        if (endedNow) await EndedAsync();

        if (!spoken)
        {
            await SayAsync(result.Reply, input.Listener);
        }

        return new TurnResult(said, result.Intent, result.Entities, work.Emotion, work.Status, result.Handoff, work.Urgent, work.Language, result.Brain, modelMs);
    }

    /// <summary>
    /// The language model answers when one is configured and the turn is for it; the embedded brain answers otherwise,
    /// and whenever the model fails (after the filler, if the caller already heard it). Returns what the caller hears
    /// in total (<c>Said</c>) and whether it has already been spoken while the model streamed.
    /// </summary>
    private async Task<(BrainTurn Result, DialogueState Work, LlmUsage Usage, string Said, bool Spoken, double ModelMs)> AnswerAsync(
        DialogueState before, string text, IReplyListener? listener)
    {
        var usage = LlmUsage.None;
        var heard = "";
        var failed = false;
        double modelMs = 0;
        if (modelBrain.Enabled)
        {
            var outcome = await modelBrain.RespondAsync(
                before, text, State.Turns, Facts(), this.GetPrimaryKeyString(), Crm, GrainFactory.GetGrain<ILlmGrain>(0),
                speak: State.Channel == CallChannel.Voice, listener);
            if (outcome.Turn is not null)
            {
                return (outcome.Turn, outcome.State!, outcome.Usage, outcome.Turn.Reply, outcome.Spoken, outcome.ModelMs);
            }

            usage = outcome.Usage;
            heard = outcome.Said;
            failed = outcome.Failure is not null;
            modelMs = outcome.ModelMs;
        }

        var work = before.Clone();
        var result = await brain.RespondAsync(work, text, Crm);
        if (failed)
        {
            result = result with { Brain = ModelBrain.Fallback };
        }

        var said = heard.Length == 0 ? result.Reply : heard + (work.Language == Language.Zh ? "" : " ") + result.Reply;
        return (result, work, usage, said, false, modelMs);
    }

    private CallFacts Facts()
    {
        var d = State.Dialogue;
        return new CallFacts(State.Channel, d.CustomerId, d.CustomerName, d.FocusOrderId, d.IdentityVerified, State.CallerPhone);
    }

    /// <summary>
    /// Says a reply the model did not already stream: a voice call's TTS grain speaks it, and a chat connection that
    /// listens gets its sentences.
    /// </summary>
    private async Task SayAsync(string reply, IReplyListener? listener)
    {
        await SpeakIfVoiceAsync(reply);
        if (listener is not null)
        {
            foreach (var sentence in SentenceSplitter.Split(reply))
            {
                await listener.OnReplySentenceAsync(this.GetPrimaryKeyString(), sentence);
            }
        }
    }

    public async Task RecordInterruptionAsync(string heard)
    {
        await AmendLastTurnAsync(Speaker.Bot, turn => turn with { Heard = heard });
        await PublishAsync(CallEventKind.Interrupted, heard, null);
    }

    public Task RecordVoiceLatencyAsync(VoiceLatency latency) =>
        AmendLastTurnAsync(Speaker.Caller, turn => turn with { Latency = latency });

    /// <summary>Changes the latest turn of a speaker after the fact (what was heard of it, how long it took).</summary>
    private async Task AmendLastTurnAsync(Speaker speaker, Func<Turn, Turn> amend)
    {
        EnsureStarted();
        var index = State.Turns.FindLastIndex(t => t.Speaker == speaker);
        if (index < 0)
        {
            return;
        }

        var before = State.Turns[index];
        State.Turns[index] = amend(before);
        try
        {
            await Task.WhenAll(call.WriteStateAsync(), records.SaveAsync(Summary(), [State.Turns[index]]));
        }
        catch
        {
            State.Turns[index] = before;
            throw;
        }
    }

    public Task<CallSnapshot> GetSnapshotAsync()
    {
        EnsureStarted();
        return Task.FromResult(Snapshot());
    }

    public async Task<CallSnapshot> HangUpAsync()
    {
        EnsureStarted();
        if (InProgress)
        {
            await EndAsync();
        }

        return Snapshot();
    }

    /// <summary>A voice call's replies are spoken by its TTS grain, which streams them to the Gateway connection.</summary>
    private Task SpeakIfVoiceAsync(string text) => State.Channel == CallChannel.Voice
        ? GrainFactory.GetGrain<ITtsStreamGrain>(this.GetPrimaryKeyString()).SpeakAsync(text, State.Dialogue.Language)
        : Task.CompletedTask;

    private async Task EndAsync()
    {
        var status = State.Dialogue.Status;
        State.Dialogue.Status = CallStatus.Ended;
        Finish(status);
        await SaveAsync(newTurns: 0);
        await EndedAsync();
    }

    /// <summary>How the call ended depends on where it was: with the AI, waiting for a person, or with one.</summary>
    private void Finish(CallStatus statusBefore)
    {
        State.EndedAt = time.GetUtcNow();
        State.Outcome = statusBefore switch
        {
            CallStatus.WaitingForAgent => CallOutcome.Abandoned,
            CallStatus.WithAgent => CallOutcome.ResolvedByAgent,
            _ => CallOutcome.ResolvedByAi,
        };
    }

    private async Task EndedAsync()
    {
        metrics.CallEnded(State.Outcome);
        UntrackActive();
        await PublishAsync(CallEventKind.Ended, State.Outcome.ToString(), null);
    }

    private Task PublishAsync(CallEventKind kind, string? text, Intent? intent)
    {
        _events ??= this.GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls);
        var d = State.Dialogue;
        return _events.OnNextAsync(new CallEvent(this.GetPrimaryKeyString(), kind, time.GetUtcNow(), State.Channel, d.Status, text, intent, d.Emotion, d.Urgent));
    }

    private void AddTurn(Speaker speaker, string text, Intent? intent, Entity[] entities, double? emotion, double? confidence, string? brainName) =>
        State.Turns.Add(new Turn(State.Turns.Count + 1, speaker, text, time.GetUtcNow(), intent, entities, emotion, confidence, brainName));

    private Task SaveAsync(int newTurns) => Task.WhenAll(
        call.WriteStateAsync(),
        records.SaveAsync(Summary(), State.Turns.GetRange(State.Turns.Count - newTurns, newTurns)));

    private CallSummary Summary() => new(
        this.GetPrimaryKeyString(), State.Channel, State.Dialogue.Language, State.Dialogue.Status, State.Dialogue.CustomerId,
        State.StartedAt, State.EndedAt, State.Outcome, State.Dialogue.Urgent, State.Dialogue.Emotion.Score,
        State.Dialogue.HandoffReason, State.Turns.Count);

    private CallSnapshot Snapshot()
    {
        var d = State.Dialogue;
        return new CallSnapshot(
            this.GetPrimaryKeyString(), State.Channel, d.Language, d.Status, d.CustomerId, d.CustomerName, d.Emotion, d.Urgent,
            d.Slots(), [.. State.Turns], State.StartedAt, State.EndedAt, State.Outcome, d.HandoffReason, State.Usage);
    }

    private void EnsureStarted()
    {
        if (!State.Started)
        {
            // An unknown id must not leave an empty activation behind.
            DeactivateOnIdle();
            throw new CallNotFoundException(this.GetPrimaryKeyString());
        }
    }

    private void EnsureInProgress()
    {
        EnsureStarted();
        if (State.Dialogue.Status == CallStatus.Ended)
        {
            throw new CallEndedException(this.GetPrimaryKeyString());
        }
    }

    private void TrackActive()
    {
        if (_countedActive)
        {
            return;
        }

        _countedActive = true;
        metrics.ActiveCallAdded();
        var period = TimeSpan.FromSeconds(Math.Max(1, callOptions.Value.IdleCheckSeconds));
        _idleTimer = this.RegisterGrainTimer(EndIfIdleAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private void UntrackActive()
    {
        if (!_countedActive)
        {
            return;
        }

        _countedActive = false;
        metrics.ActiveCallRemoved();
        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    private async Task EndIfIdleAsync(CancellationToken cancellationToken)
    {
        if (InProgress && time.GetUtcNow() - State.LastActivity >= TimeSpan.FromMinutes(callOptions.Value.IdleTimeoutMinutes))
        {
            await EndAsync();
        }
    }
}
