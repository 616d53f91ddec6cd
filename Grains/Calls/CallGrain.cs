using System.Diagnostics;
using CallCenter.Admission;
using CallCenter.Agents;
using CallCenter.Crm;
using CallCenter.Dialogue.Emotion;
using CallCenter.Dialogue;
using CallCenter.Draining;
using CallCenter.Llm;
using CallCenter.Privacy;
using CallCenter.Records;
using CallCenter.Storage;
using CallCenter.Telemetry;
using CallCenter.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Timers;
using Orleans.GrainDirectory;

namespace CallCenter.Calls;

/// <summary>
/// One conversation. Owns the transcript and dialogue state; the embedded brain decides the replies. Every turn is
/// persisted (grain state and call record) before the reply leaves, so a reactivated grain continues the call.
/// Personal data is masked in everything the call keeps or sends on (transcript, records, events); the real values stay
/// in the call's vault for the model's tools (<see cref="PiiVault"/>), and the embedded brain reads the caller's own words.
/// Placed on the silo with the most room for calls (<see cref="CallLoadPlacement"/>); a draining silo moves it live, with
/// the connections it pushes to (<see cref="IMovesOnDrain"/>). A call whose Gateway connection dies with its process is
/// ended as dropped (<see cref="HoldAsync"/>).
/// </summary>
[CallLoadPlacement, GrainDirectory(CallDirectory.Name)]
public sealed class CallGrain(
    [PersistentState("call", StorageNames.Calls)] IPersistentState<CallState> call,
    DialogueBrain brain,
    ModelBrain modelBrain,
    AgentAssist assist,
    EmotionAnalyzer emotionAnalyzer,
    ICallRecordStore records,
    PiiVaults vaults,
    CallCenterMetrics metrics,
    TimeProvider time,
    IOptions<DialogueOptions> dialogueOptions,
    IOptions<CallOptions> callOptions,
    IOptions<AgentOptions> agentOptions,
    IOptions<LlmOptions> llmOptions,
    ILogger<CallGrain> logger) : Grain, ICallGrain, IMovesOnDrain, IGrainMigrationParticipant, IRemindable
{
    /// <summary>
    /// Every call in progress keeps this durable reminder (in PostgreSQL or Redis when clustered): should its silo die,
    /// the reminder wakes it on another silo, where its idle timeout and a held call's lease run again. Registered at
    /// the start, removed at the end: one reminder write each.
    /// </summary>
    private const string CallReminder = "in-progress";

    /// <summary>Orleans' smallest reminder period by default (ReminderOptions.MinimumReminderPeriod).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    // Chat connections listening for the agent's messages; in memory only (a connection re-registers when it reconnects).
    private readonly List<IReplyListener> _listeners = [];
    private IVoiceConnection? _voice;
    private long _voiceNotices;
    private bool _countedActive;
    private bool _countedVoice;
    private IGrainTimer? _idleTimer;
    private IGrainTimer? _holdTimer;
    private DateTimeOffset _holdExpires;
    private IGrainReminder? _reminder;
    private PiiVault? _vault;
    private List<PiiVaultEntry>? _vaultEntries;
    private Dictionary<string, string>? _movedVaultValues;

    private CallState State => call.State;

    /// <summary>The call's vault over its persisted entries; opened again when the state was replaced or the vault emptied.</summary>
    private PiiVault Vault
    {
        get
        {
            if (_vault is null || !ReferenceEquals(_vaultEntries, State.Vault))
            {
                _vault = vaults.Open(this.GetPrimaryKeyString(), State.Vault);
                _vaultEntries = State.Vault;
                if (_movedVaultValues is { } moved)
                {
                    _vault.Recall(moved);
                    _movedVaultValues = null;
                }
            }

            return _vault;
        }
    }

    private bool InProgress => State.Started && State.Dialogue.Status != CallStatus.Ended;

    // Counted as active here exactly while a call is in progress; the drain reads it from outside the grain.
    bool IMovesOnDrain.ServesCall => Volatile.Read(ref _countedActive);

    private ICrmGrain Crm => GrainFactory.GetGrain<ICrmGrain>(CrmGrainKeys.Default);

    private IQueueGrain Queue => GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Default);

    private TimeSpan HoldLease => callOptions.Value.HoldLease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.CallerPhone is { } phone)
        {
            // A call from before personal data was sealed: its number moves into the vault with the next write.
            State.CallerPhoneToken ??= InProgress ? Vault.Placeholder(PiiKind.Phone, phone) : null;
            State.CallerPhone = null;
        }

        if (InProgress)
        {
            TrackActive();
            if (State.Holder is not null)
            {
                // Moved or reactivated: the holder has a whole lease from now to renew here.
                KeepHold();
            }
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        UntrackActive();
        return Task.CompletedTask;
    }

    // The persistent state moves by itself; these are the connections the call pushes to, which live only in memory.
    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue("call.listeners", _listeners.ToArray());
        context.TryAddValue("call.voice", _voice);
        context.TryAddValue("call.voiceNotices", _voiceNotices);
        if (_vault is { Count: > 0 } vault)
        {
            // Unsealed values live only here; they travel with the activation, as the caller's words reach it anyway.
            context.TryAddValue("call.vault", new Dictionary<string, string>(vault.Values, StringComparer.Ordinal));
        }
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue("call.listeners", out IReplyListener[]? listeners) && listeners is not null)
        {
            _listeners.AddRange(listeners);
        }

        if (context.TryGetValue("call.voice", out IVoiceConnection? voice))
        {
            _voice = voice;
        }

        if (context.TryGetValue("call.voiceNotices", out long notices))
        {
            _voiceNotices = notices;
        }

        if (context.TryGetValue("call.vault", out Dictionary<string, string>? values))
        {
            _movedVaultValues = values; // recalled when the vault opens over the moved state
        }
    }

    public async Task<CallStarted> StartAsync(StartCall request)
    {
        if (State.Started)
        {
            throw new CallAlreadyStartedException(this.GetPrimaryKeyString());
        }

        var customer = await FindCallerAsync(request.CustomerPhone);
        var language = request.Language ?? customer?.Language ?? dialogueOptions.Value.DefaultLanguage;
        var now = time.GetUtcNow();
        State.Started = true;
        State.Channel = request.Channel;
        State.StartedAt = now;
        State.LastActivity = now;
        State.CallerPhoneToken = string.IsNullOrWhiteSpace(request.CustomerPhone) ? null : Vault.Placeholder(PiiKind.Phone, request.CustomerPhone.Trim());
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
            // The reminder before the state: a call is never stored without one, and a reminder whose call was not
            // stored removes itself at its first tick.
            await RemindWhileInProgressAsync();
            await SaveAsync(newTurns: 1);
        }
        catch
        {
            call.State = new CallState();
            throw;
        }

        metrics.CallStarted(request.Channel, language);
        var counted = TrackActive();
        await PublishAsync(CallEventKind.Started, greeting, null);
        await SpeakIfVoiceAsync(greeting);
        return new CallStarted(this.GetPrimaryKeyString(), greeting, language, customer?.Id, counted);
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
        if (State.Dialogue.Status == CallStatus.WithAgent)
        {
            return await ToAgentAsync(text, input.AsrConfidence);
        }

        var before = State.Dialogue;
        var wasUrgent = before.Urgent;
        var (result, work, usage, said, spoken, modelMs) = await AnswerAsync(before, text, input.Listener);

        var turnCount = State.Turns.Count;
        var lastActivity = State.LastActivity;
        var usageBefore = State.Usage;
        var holder = State.Holder;
        // The brain read the caller's own words; what the call keeps and tells others has the personal data masked.
        var callerText = Vault.Redact(text, result.Entities);
        var entities = Vault.Redact(result.Entities);
        var botText = Vault.Redact(said);
        AddTurn(Speaker.Caller, callerText, result.Intent, entities, result.Emotion.Score, input.AsrConfidence ?? result.Confidence, null);
        AddTurn(Speaker.Bot, botText, null, [], null, null, result.Brain);
        State.Dialogue = work;
        State.LastActivity = time.GetUtcNow();
        State.Usage = usageBefore.Add(usage);
        var endedNow = work.Status == CallStatus.Ended;
        if (endedNow)
        {
            Finish(before.Status);
        }

        var transferredAt = State.TransferredAt;
        if (work.Status == CallStatus.WaitingForAgent && before.Status == CallStatus.Active)
        {
            State.TransferredAt = time.GetUtcNow();
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
            State.TransferredAt = transferredAt;
            State.EndedAt = null;
            State.Outcome = CallOutcome.None;
            State.Holder = holder;
            throw;
        }

        metrics.TurnHandled(result.Intent, work.Language, work.Emotion.Score, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        metrics.TurnAnswered(result.Brain);
        if (result.Handoff) metrics.Handoff();
        if (work.Status == CallStatus.WaitingForAgent && before.Status == CallStatus.Active)
        {
            await EnqueueAsync(returned: false);
            await TellVoiceAsync();
        }
        if (work.Urgent && !wasUrgent) metrics.Urgent();
        await PublishAsync(CallEventKind.CallerTurn, callerText, result.Intent);
        await PublishAsync(CallEventKind.BotTurn, botText, null);
        if (work.Urgent && !wasUrgent) await PublishAsync(CallEventKind.SupervisorAlert, Redact(work.HandoffReason), result.Intent);
        if (result.Handoff) await PublishAsync(CallEventKind.Transferred, Redact(work.HandoffReason), result.Intent);
        if (endedNow) await EndedAsync();

        if (!spoken)
        {
            await SayAsync(result.Reply, input.Listener);
        }

        return new TurnResult(said, result.Intent, entities, work.Emotion, work.Status, result.Handoff, work.Urgent, work.Language, result.Brain, modelMs);
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
                before, text, Vault, State.Turns, Facts(), this.GetPrimaryKeyString(), Crm, GrainFactory.GetGrain<ILlmGrain>(0),
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
        return new CallFacts(State.Channel, d.CustomerId, d.CustomerName, d.FocusOrderId, d.IdentityVerified, State.CallerPhoneToken);
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
        EnsureStarted();
        heard = Redact(heard);
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

    public Task AttachVoiceAsync(IVoiceConnection connection)
    {
        EnsureStarted();
        _voice = connection;
        return Task.CompletedTask;
    }

    public async Task<TimeSpan> HoldAsync(string holder)
    {
        EnsureInProgress();
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        if (State.Holder != holder)
        {
            var before = State.Holder;
            State.Holder = holder;
            try
            {
                await call.WriteStateAsync();
            }
            catch
            {
                State.Holder = before;
                throw;
            }
        }

        KeepHold();
        return HoldLease;
    }

    public async Task ReleaseAsync(string holder)
    {
        if (!InProgress || State.Holder != holder)
        {
            return; // another holder took the call over, or it has ended
        }

        State.Holder = null;
        await call.WriteStateAsync();
        StopHolding();
    }

    /// <summary>The holder has a lease from now; a timer checks it every third of a lease.</summary>
    private void KeepHold()
    {
        _holdExpires = time.GetUtcNow() + HoldLease;
        if (_holdTimer is null)
        {
            var period = HoldLease / 3;
            _holdTimer = this.RegisterGrainTimer(DropIfHolderGoneAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }
    }

    private async Task DropIfHolderGoneAsync(CancellationToken cancellationToken)
    {
        if (InProgress && State.Holder is not null && time.GetUtcNow() >= _holdExpires)
        {
            await EndAsync(CallOutcome.Dropped);
        }
    }

    /// <summary>
    /// A reminder (durable, where the cluster keeps reminders) wakes the call should its silo die: nobody else may call
    /// it again (a plain HTTP chat whose caller left, a held call whose Gateway died too), and it would stay "active" in
    /// the records for ever. Once a minute (Orleans' shortest reminder period), or every hold lease if that is longer.
    /// </summary>
    private async Task RemindWhileInProgressAsync()
    {
        if (_reminder is null && callOptions.Value.DurableReminders)
        {
            var period = HoldLease > ReminderPeriod ? HoldLease : ReminderPeriod;
            _reminder = await this.RegisterOrUpdateReminder(CallReminder, period, period);
        }
    }

    private void StopHolding()
    {
        _holdTimer?.Dispose();
        _holdTimer = null;
    }

    /// <summary>Best effort: a reminder that could not be removed now is removed at its next tick.</summary>
    private async Task ForgetReminderAsync(string name)
    {
        if (ServiceProvider.GetService<IReminderRegistry>() is null)
        {
            return;
        }

        try
        {
            if (((name == CallReminder ? _reminder : null) ?? await this.GetReminder(name)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (name == CallReminder)
            {
                _reminder = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Call {CallId}: its reminder could not be removed now; it is removed when it next fires.", this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// Being activated was the point: OnActivateAsync counted the call and started its idle timer (and a held call's
    /// lease); a call idle too long ends now. A call no longer in progress needs no reminder.
    /// </summary>
    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (InProgress)
        {
            await EndIfIdleAsync(CancellationToken.None);
        }
        else
        {
            await ForgetReminderAsync(reminderName);
        }
    }

    public Task DetachVoiceAsync(IVoiceConnection connection)
    {
        if (Equals(_voice, connection))
        {
            _voice = null;
        }

        return Task.CompletedTask;
    }

    public Task ListenAsync(IReplyListener listener)
    {
        EnsureStarted();
        if (!_listeners.Contains(listener))
        {
            // Messages to listeners are one-way, so a closed connection is never noticed: keep only the latest few.
            _listeners.Add(listener);
            if (_listeners.Count > 4) _listeners.RemoveAt(0);
        }

        return Task.CompletedTask;
    }

    public async Task<CallContext> GetContextAsync()
    {
        EnsureStarted();
        var d = State.Dialogue;
        var lastIntent = State.Turns.LastOrDefault(t => t.Speaker == Speaker.Caller)?.Intent;
        return new CallContext(
            this.GetPrimaryKeyString(), State.Channel, d.Language, d.CustomerId, d.CustomerName, d.Urgent, d.HandoffReason,
            AgentAssist.Summarize(State.Turns, d, d.HandoffSummary), lastIntent,
            [.. State.Turns.SelectMany(t => t.Entities).DistinctBy(e => (e.Type, e.Value))],
            [.. State.Turns.Where(t => t.Emotion is not null).Select(t => Math.Round(t.Emotion!.Value, 3))],
            [.. State.Turns], await assist.SuggestAsync(State.Turns, d, Crm));
    }

    public async Task<CallContext> AgentJoinedAsync(string agentId, string agentName)
    {
        EnsureInProgress();
        if (State.Dialogue.Status == CallStatus.WithAgent && State.AgentId != agentId)
        {
            throw new InvalidOperationException($"Call '{this.GetPrimaryKeyString()}' is already with agent '{State.AgentId}'.");
        }

        var before = (State.Dialogue.Status, State.AgentId, State.AgentName, State.AgentJoinedAt);
        State.Dialogue.Status = CallStatus.WithAgent;
        State.AgentId = agentId;
        State.AgentName = agentName;
        State.AgentJoinedAt = time.GetUtcNow();
        State.TransferredAt ??= State.AgentJoinedAt;
        var notice = Replies.AgentJoined(State.Dialogue.Language, agentName);
        await SaveTurnAsync(Speaker.System, notice, null, () => (State.Dialogue.Status, State.AgentId, State.AgentName, State.AgentJoinedAt) = before);
        await PublishAsync(CallEventKind.AgentJoined, agentName, null, agentId);
        await TellVoiceAsync();
        await NotifyCallerAsync("system", notice);
        return await GetContextAsync();
    }

    /// <summary>
    /// The customer with the caller's number, if the CRM knows it. A CRM that is down does not stop the call: the caller
    /// is served unidentified, and the brain asks who they are when a task needs it.
    /// </summary>
    private async Task<Customer?> FindCallerAsync(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        try
        {
            return await Crm.FindCustomerByPhoneAsync(phone);
        }
        catch (Exception ex) when (ex is CrmUnavailableException or TimeoutException)
        {
            logger.LogWarning(ex, "Call {CallId}: the CRM could not look up the caller; the call starts unidentified.", this.GetPrimaryKeyString());
            return null;
        }
    }

    public async Task AgentSaysAsync(string agentId, string text)
    {
        EnsureAgent(agentId);
        if (CallerInput.Problem(text) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }

        await RecordAgentTurnAsync(agentId, text.Trim());
        await NotifyCallerAsync("agent", text.Trim());
    }

    public async Task AgentSpokeAsync(string agentId, string text)
    {
        EnsureAgent(agentId);
        if (!string.IsNullOrWhiteSpace(text))
        {
            await RecordAgentTurnAsync(agentId, text.Trim());
        }
    }

    /// <summary>An agent's words (typed or transcribed) as the call keeps them: masked like the caller's.</summary>
    private async Task RecordAgentTurnAsync(string agentId, string text)
    {
        var kept = Vault.Redact(text);
        await SaveTurnAsync(Speaker.Agent, kept, "agent:" + agentId, () => { });
        await PublishAsync(CallEventKind.AgentTurn, kept, null, agentId);
    }

    public async Task HandBackToAiAsync(string agentId)
    {
        EnsureAgent(agentId);
        var before = (State.Dialogue.Status, State.AgentId, State.AgentName);
        State.Dialogue.Status = CallStatus.Active;
        State.Dialogue.HandoffOffered = true; // the caller has had their person; the bot does not offer one again at once
        State.AgentId = null;
        State.AgentName = null;
        var back = Replies.BackWithAssistant(State.Dialogue.Language);
        await SaveTurnAsync(Speaker.Bot, back, DialogueBrain.Name, () => (State.Dialogue.Status, State.AgentId, State.AgentName) = before);
        await PublishAsync(CallEventKind.AgentLeft, back, null, agentId);
        await TellVoiceAsync();
        await NotifyCallerAsync("system", back);
    }

    public async Task CloseByAgentAsync(string agentId, Disposition disposition, string? note)
    {
        EnsureStarted();
        if (State.AgentId != agentId)
        {
            throw new InvalidOperationException($"Agent '{agentId}' is not on call '{this.GetPrimaryKeyString()}'.");
        }

        State.Disposition = disposition;
        State.DispositionNote = string.IsNullOrWhiteSpace(note) ? null : Redact(note.Trim()[..Math.Min(note.Trim().Length, 1000)]);
        if (InProgress)
        {
            await EndAsync();
        }
        else
        {
            await SaveAsync(newTurns: 0);
        }
    }

    public async Task ReturnToQueueAsync(string agentId)
    {
        if (!InProgress || State.AgentId != agentId || State.Dialogue.Status != CallStatus.WithAgent)
        {
            return;
        }

        var before = (State.Dialogue.Status, State.AgentId, State.AgentName);
        State.Dialogue.Status = CallStatus.WaitingForAgent;
        State.AgentId = null;
        State.AgentName = null;
        var notice = Replies.AgentDisconnected(State.Dialogue.Language);
        await SaveTurnAsync(Speaker.System, notice, null, () => (State.Dialogue.Status, State.AgentId, State.AgentName) = before);
        await EnqueueAsync(returned: true);
        await PublishAsync(CallEventKind.Requeued, notice, null, agentId);
        await TellVoiceAsync();
        await NotifyCallerAsync("system", notice);
    }

    public async Task PurgeAsync()
    {
        if (call.RecordExists)
        {
            await call.ClearStateAsync();
        }

        // Whatever this activation still held goes with it: counters, timers, the vault's values.
        UntrackActive();
        call.State = new CallState();
        _vault = null;
        _voice = null;
        _listeners.Clear();
        DeactivateOnIdle();
    }

    /// <summary>A caller message while an agent has the call: recorded for the agent, no bot reply.</summary>
    private async Task<TurnResult> ToAgentAsync(string text, double? confidence)
    {
        var d = State.Dialogue;
        var reading = emotionAnalyzer.Analyze(text, d.Language, d.Complaints);
        var emotion = d.Emotion;
        d.Emotion = Dialogue.Emotion.RollingEmotion.Blend(d.Emotion, reading.Score, isFirstTurn: d.CallerTurns == 0);
        var kept = Vault.Redact(text);
        State.Turns.Add(new Turn(State.Turns.Count + 1, Speaker.Caller, kept, time.GetUtcNow(), null, [], reading.Score, confidence, null));
        State.LastActivity = time.GetUtcNow();
        try
        {
            await SaveAsync(newTurns: 1);
        }
        catch
        {
            State.Turns.RemoveAt(State.Turns.Count - 1);
            d.Emotion = emotion;
            throw;
        }

        await PublishAsync(CallEventKind.CallerTurn, kept, null, State.AgentId);
        return new TurnResult("", Intent.NotUnderstood, [], d.Emotion, d.Status, false, d.Urgent, d.Language, "agent", 0);
    }

    private async Task EnqueueAsync(bool returned)
    {
        var d = State.Dialogue;
        var domain = llmOptions.Value.Enabled ? llmOptions.Value.DomainPack : agentOptions.Value.DefaultDomain;
        await Queue.EnqueueAsync(new WaitingCall(
            this.GetPrimaryKeyString(), d.Language, domain, d.Urgent, d.Emotion.Score, State.TransferredAt ?? time.GetUtcNow(), State.Channel, returned));
    }

    /// <summary>Adds one turn outside a caller's message and makes it durable, undoing <paramref name="undo"/> if it is not.</summary>
    private async Task SaveTurnAsync(Speaker speaker, string text, string? brainName, Action undo)
    {
        AddTurn(speaker, text, null, [], null, null, brainName);
        State.LastActivity = time.GetUtcNow();
        try
        {
            await SaveAsync(newTurns: 1);
        }
        catch
        {
            State.Turns.RemoveAt(State.Turns.Count - 1);
            undo();
            throw;
        }
    }

    /// <summary>The caller hears (voice, through TTS) or sees (chat listeners) what an agent or the system says.</summary>
    private async Task NotifyCallerAsync(string from, string text)
    {
        await SpeakIfVoiceAsync(text);
        foreach (var listener in _listeners)
        {
            await listener.OnCallMessageAsync(this.GetPrimaryKeyString(), from, text);
        }
    }

    /// <summary>
    /// Tells the voice connection the call's status. The sequence grows with the clock as well as per notice, so it
    /// keeps growing when the call grain is reactivated on another silo.
    /// </summary>
    private Task TellVoiceAsync()
    {
        _voiceNotices = Math.Max(_voiceNotices + 1, time.GetUtcNow().UtcTicks);
        return _voice?.OnCallStatusAsync(State.Dialogue.Status, State.AgentId, _voiceNotices) ?? Task.CompletedTask;
    }

    private void EnsureAgent(string agentId)
    {
        EnsureInProgress();
        if (State.Dialogue.Status != CallStatus.WithAgent || State.AgentId != agentId)
        {
            throw new InvalidOperationException($"Agent '{agentId}' is not on call '{this.GetPrimaryKeyString()}'.");
        }
    }

    /// <summary>A voice call's replies are spoken by its TTS grain, which streams them to the Gateway connection.</summary>
    private Task SpeakIfVoiceAsync(string text) => State.Channel == CallChannel.Voice
        ? GrainFactory.GetGrain<ITtsStreamGrain>(this.GetPrimaryKeyString()).SpeakAsync(text, State.Dialogue.Language)
        : Task.CompletedTask;

    private async Task EndAsync(CallOutcome? outcome = null)
    {
        var status = State.Dialogue.Status;
        var before = (State.EndedAt, State.Holder, State.Outcome, State.Summary, State.Satisfaction);
        State.Dialogue.Status = CallStatus.Ended;
        Finish(status, outcome);
        try
        {
            await SaveAsync(newTurns: 0);
        }
        catch
        {
            // Not ended in storage, so not in memory either: the caller (or the idle timer) may try again.
            State.Dialogue.Status = status;
            (State.EndedAt, State.Holder, State.Outcome, State.Summary, State.Satisfaction) = before;
            throw;
        }

        if (status == CallStatus.WaitingForAgent)
        {
            await Queue.RemoveAsync(this.GetPrimaryKeyString());
        }

        await EndedAsync();
    }

    /// <summary>
    /// How the call ended depends on where it was: with the AI, waiting for a person, or with one; unless it was
    /// <paramref name="outcome"/> (dropped: the caller's connection died with its Gateway).
    /// </summary>
    private void Finish(CallStatus statusBefore, CallOutcome? outcome = null)
    {
        State.EndedAt = time.GetUtcNow();
        State.Holder = null;
        State.Outcome = outcome ?? statusBefore switch
        {
            CallStatus.WaitingForAgent => CallOutcome.Abandoned,
            CallStatus.WithAgent => CallOutcome.ResolvedByAgent,
            _ => CallOutcome.ResolvedByAi,
        };
        State.Summary = AgentAssist.Summarize(State.Turns, State.Dialogue, State.Dialogue.HandoffSummary);
        State.Satisfaction = AfterCall.EstimateSatisfaction(State.Outcome, State.Dialogue.Emotion, State.Turns);
    }

    private async Task EndedAsync()
    {
        StopHolding();
        await ForgetReminderAsync(CallReminder);
        await TellVoiceAsync();
        metrics.CallEnded(State.Outcome);
        UntrackActive();
        await PublishAsync(CallEventKind.Ended, State.Outcome.ToString(), null);
    }

    private Task PublishAsync(CallEventKind kind, string? text, Intent? intent, string? agentId = null)
    {
        var d = State.Dialogue;
        return this.PublishCallEventAsync(new CallEvent(this.GetPrimaryKeyString(), kind, time.GetUtcNow(), State.Channel, d.Status, text, intent, d.Emotion, d.Urgent, agentId));
    }

    private void AddTurn(Speaker speaker, string text, Intent? intent, Entity[] entities, double? emotion, double? confidence, string? brainName) =>
        State.Turns.Add(new Turn(State.Turns.Count + 1, speaker, text, time.GetUtcNow(), intent, entities, emotion, confidence, brainName));

    private async Task SaveAsync(int newTurns)
    {
        // An ended call needs none of the caller's personal values any more: they leave the state with this write.
        var vault = State.Vault;
        var ending = State.Dialogue.Status == CallStatus.Ended && vault.Count > 0;
        if (ending)
        {
            State.Vault = [];
        }

        try
        {
            await Task.WhenAll(
                call.WriteStateAsync(),
                records.SaveAsync(Summary(), State.Turns.GetRange(State.Turns.Count - newTurns, newTurns)));
        }
        catch
        {
            if (ending)
            {
                State.Vault = vault;
            }

            throw;
        }
    }

    /// <summary>A text as the call keeps it: the caller's personal data as the call's placeholders (masked once it ended).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private string? Redact(string? text) => text is null ? null : InProgress ? Vault.Redact(text) : PiiPlaceholders.Mask(text);

    private CallSummary Summary() => new(
        this.GetPrimaryKeyString(), State.Channel, State.Dialogue.Language, State.Dialogue.Status, State.Dialogue.CustomerId,
        State.StartedAt, State.EndedAt, State.Outcome, State.Dialogue.Urgent, State.Dialogue.Emotion.Score,
        State.Dialogue.HandoffReason, State.Turns.Count, State.TransferredAt, State.AgentId, State.Disposition, State.DispositionNote,
        State.Summary, State.Satisfaction);

    private CallSnapshot Snapshot()
    {
        var d = State.Dialogue;
        return new CallSnapshot(
            this.GetPrimaryKeyString(), State.Channel, d.Language, d.Status, d.CustomerId, d.CustomerName, d.Emotion, d.Urgent,
            d.Slots(), [.. State.Turns], State.StartedAt, State.EndedAt, State.Outcome, d.HandoffReason, State.Usage,
            State.AgentId, State.Disposition, State.Summary, State.Satisfaction, State.DispositionNote);
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

    /// <summary>Counts the call as active on this silo (once per activation); returns where it was counted, for admission.</summary>
    private LoadStamp? TrackActive()
    {
        if (_countedActive)
        {
            return null;
        }

        _countedActive = true;
        _countedVoice = State.Channel == CallChannel.Voice;
        var added = metrics.ActiveCallAdded(_countedVoice);
        var counted = GrainContext.Address.SiloAddress is { } silo ? new LoadStamp(silo, added) : null;
        var period = TimeSpan.FromSeconds(Math.Max(1, callOptions.Value.IdleCheckSeconds));
        _idleTimer = this.RegisterGrainTimer(EndIfIdleAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return counted;
    }

    private void UntrackActive()
    {
        if (!_countedActive)
        {
            return;
        }

        _countedActive = false;
        metrics.ActiveCallRemoved(_countedVoice);
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
