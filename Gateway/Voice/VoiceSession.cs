using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Gateway.Admission;
using CallCenter.Gateway.Holds;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Voice;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// One voice call at the Gateway, whatever the transport. Caller audio is resampled to 16 kHz, cut into 20 ms
/// frames and run through voice activity detection: speech is batched to the call's ASR grain, and when the turn
/// detector hears the utterance end, its final transcript becomes the caller's turn in the call grain, whose reply is
/// spoken by the call's TTS grain and comes back here sentence by sentence. The bot's audio is released at real time,
/// one frame per 20 ms tick, so a barge-in stops it at once: playback pauses on the interruption and is dropped when
/// the caller really said something, or resumes when it was only a cough or an "mm-hm".
/// <para>
/// The call's grains may move (a silo drains) or be lost (a silo dies) under a call: moves carry their state; after a
/// loss the session starts recognition again when the recognizer says it was not started, subscribes to synthesis at
/// every turn, and a grain call that fails on the way (the cluster noticing a dead silo) costs that audio or that turn,
/// never the call: the caller says it again.
/// </para>
/// </summary>
public sealed class VoiceSession : ISpeechOutput, IVoiceConnection, IAsyncDisposable
{
    public const int RecognizerRate = 16000;
    private const int FrameMs = 20;
    private const int RecognizerFrame = RecognizerRate * FrameMs / 1000;

    /// <summary>Most frames a late pacer tick sends at once (100 ms); a longer stall was heard as a gap anyway.</summary>
    private const int MaxCatchUpFrames = 5;

    private readonly IGrainFactory _grains;
    private readonly CallAdmission _admission;
    private readonly CallHolds _holds;
    private readonly IMediaLink _link;
    private readonly VoiceOptions _options;
    private readonly TurnTakingOptions _turnTaking;
    private readonly VoiceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Resampler _toRecognizer;
    private readonly FrameAssembler _frames = new(RecognizerFrame);
    private readonly UtteranceSegmenter _utterances;
    private readonly BargeInDetector _bargeIn;
    private readonly Playout _playout;
    private readonly PlayoutClock _clock = new(FrameMs, MaxCatchUpFrames);
    private readonly Dictionary<int, Resampler> _fromSynthesizer = [];
    private readonly DtmfCollector _dtmf;
    private readonly short[] _frame = new short[RecognizerFrame];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ObserverRegistration<ISpeechOutput>? _speechOutput;
    private ObserverRegistration<IVoiceConnection>? _voiceConnection;
    private bool _detached;
    private AgentLine? _agentLine;
    private CallHold? _hold;
    private long _lastNotice;
    private Task? _pacer;
    private bool _interrupting;
    private bool _endWhenSaid;
    private bool _goodbyeHeard;
    private int _idleTicksAfterGoodbye;
    private long _endRequestedAt;
    private PendingLatency? _pendingLatency;
    private long _lastCallerFrameAt = Stopwatch.GetTimestamp();

    /// <summary>
    /// A barge-in pause waits for the caller's utterance to end. If the caller's audio stops arriving (a muted app, a
    /// stalled line) no end can be heard, so after this long without caller audio the bot carries on.
    /// </summary>
    private static readonly TimeSpan PausedWithoutCallerAudio = TimeSpan.FromMilliseconds(600);

    public VoiceSession(
        IGrainFactory grains, CallAdmission admission, CallHolds holds, IMediaLink link, VoiceOptions options, TurnTakingOptions turnTaking, VoiceMetrics metrics, ILogger logger)
    {
        _grains = grains;
        _admission = admission;
        _holds = holds;
        _link = link;
        _options = options;
        _turnTaking = turnTaking;
        _metrics = metrics;
        _logger = logger;
        _toRecognizer = new Resampler(link.SampleRate, RecognizerRate);
        _utterances = new UtteranceSegmenter(RecognizerRate, FrameMs, options.FramesPerAsrBatch, turnTaking);
        _bargeIn = new BargeInDetector(FrameMs, turnTaking.BargeIn);
        _playout = new Playout(link.SampleRate * FrameMs / 1000);
        _dtmf = new DtmfCollector(options.DtmfOrderPrefix);
    }

    public string CallId { get; private set; } = "";

    public Language Language { get; private set; }

    /// <summary>Completes when the call has ended (the bot said goodbye and it was played, or the call was hung up).</summary>
    public Task Finished => _finished.Task;

    private ICallGrain Call => _grains.GetGrain<ICallGrain>(CallId);

    private IAsrStreamGrain Asr => _grains.GetGrain<IAsrStreamGrain>(CallId);

    private ITtsStreamGrain Tts => _grains.GetGrain<ITtsStreamGrain>(CallId);

    /// <summary>
    /// Starts the call if the cluster has room for it. Returns null once it has started, or the busy answer when it was
    /// refused: then nothing was started (<see cref="CallId"/> stays empty) and the link ends the connection its way.
    /// </summary>
    public async Task<AdmissionRefusal?> StartAsync(string callId, Language? language, string? customerPhone)
    {
        using var ticket = await _admission.AdmitAsync(CallChannel.Voice);
        if (ticket.Refusal is { } busy)
        {
            _logger.LogDebug("Voice call {CallId} refused: {Reason}", callId, busy.Message);
            return busy;
        }

        CallId = callId;
        _speechOutput = _grains.RegisterObserver<ISpeechOutput>(this);
        await Tts.SubscribeAsync(_speechOutput.Reference);
        _pacer = Task.Run(PaceAsync);
        var started = await Call.StartAsync(new StartCall(CallChannel.Voice, language, customerPhone));
        ticket.Started(started.Counted);
        Language = started.Language;
        _agentLine = new AgentLine(_grains, callId, _link.SampleRate, _link.SampleRate * FrameMs / 1000);
        _voiceConnection = _grains.RegisterObserver<IVoiceConnection>(this);
        await Call.AttachVoiceAsync(_voiceConnection.Reference);
        _hold = await _holds.HoldAsync(callId); // should this process die, the call is recorded as dropped
        await Asr.StartAsync(new SpeechSettings(Language, RecognizerRate));
        await _link.SendEventAsync(new VoiceEvent.Started(callId, started.Greeting), _stop.Token);
        return null;
    }

    /// <summary>Caller audio at the link's rate, in chunks of any size. Call sequentially, in arrival order.</summary>
    public async ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> pcm)
    {
        var resampled = ArrayPool<short>.Shared.Rent(_toRecognizer.MaxOutputFor(pcm.Length));
        try
        {
            _frames.Write(resampled.AsSpan(0, _toRecognizer.Process(pcm.Span, resampled)));
        }
        finally
        {
            ArrayPool<short>.Shared.Return(resampled);
        }

        while (_frames.TryRead(_frame))
        {
            await OnFrameAsync();
        }
    }

    /// <summary>A keypad digit: digits and '#' make an order number, '0' asks for a person.</summary>
    public async ValueTask OnDtmfAsync(char digit)
    {
        if (_dtmf.Add(digit, Language) is { } said)
        {
            await StopBotAsync();
            await SayAsync(new CallerInput(said), latency: null);
        }
    }

    /// <summary>
    /// Runs a connected call until either side ends it: the caller (<paramref name="receiving"/> completes, with a
    /// protocol error or null) or the bot (it said goodbye and it was played: <paramref name="onBotEnded"/> lets the
    /// link close its way). Either way the call is hung up and keeps its record. Returns the protocol error, if any.
    /// </summary>
    public async Task<string?> ConverseAsync(Task<string?> receiving, Func<Task> onBotEnded)
    {
        try
        {
            if (await Task.WhenAny(receiving, Finished) == Finished)
            {
                await onBotEnded();
            }

            return await receiving;
        }
        finally
        {
            await HangUpAsync();
        }
    }

    public async Task HangUpAsync()
    {
        if (CallId.Length == 0)
        {
            return;
        }

        await DetachAsync();
        await Call.HangUpAsync();
        await Asr.StopAsync();
        _finished.TrySetResult();
    }

    Task ISpeechOutput.OnSentenceAsync(SpokenSentence sentence)
    {
        if (_pendingLatency is { Replied: 0 } pending)
        {
            // The first audio of the turn's reply: its text was ready when it reached the TTS grain. With a streaming
            // model that is the first sentence, long before the whole reply (and the grain call) is done.
            _pendingLatency = pending with { Replied = Stopwatch.GetTimestamp() - (long)(sentence.SinceTextMs / 1000.0 * Stopwatch.Frequency) };
        }

        var pcm = MemoryMarshal.Cast<byte, short>(sentence.Audio.Pcm16.AsSpan());
        if (sentence.Audio.SampleRate == _link.SampleRate)
        {
            _playout.Enqueue(sentence.Index, sentence.Text, pcm);
            return Task.CompletedTask;
        }

        lock (_fromSynthesizer)
        {
            if (!_fromSynthesizer.TryGetValue(sentence.Audio.SampleRate, out var resampler))
            {
                _fromSynthesizer[sentence.Audio.SampleRate] = resampler = new Resampler(sentence.Audio.SampleRate, _link.SampleRate);
            }

            resampler.Reset(); // each sentence is its own signal
            // Converted straight into the playout's buffer: a sentence of a few seconds would be a large-object-heap array.
            var bytes = sentence.Audio.Pcm16;
            _playout.Enqueue(sentence.Index, sentence.Text, resampler.MaxOutputFor(pcm.Length),
                destination => resampler.Process(MemoryMarshal.Cast<byte, short>(bytes.AsSpan()), destination));
        }

        return Task.CompletedTask;
    }

    Task IVoiceConnection.OnCallStatusAsync(CallStatus status, string? agentId, long sequence)
    {
        if (sequence <= Interlocked.Exchange(ref _lastNotice, Math.Max(sequence, Interlocked.Read(ref _lastNotice))))
        {
            return Task.CompletedTask; // an older notice that arrived late
        }

        if (status == CallStatus.Ended && !_endWhenSaid)
        {
            // Ended from elsewhere (the agent closed it): the caller hears what is still queued, then the line closes.
            _endRequestedAt = Stopwatch.GetTimestamp();
            _goodbyeHeard = true;
            _endWhenSaid = true;
        }

        return _agentLine is null || _voiceConnection is null ? Task.CompletedTask : _agentLine.OnStatusAsync(status, _voiceConnection.Reference);
    }

    Task IVoiceConnection.OnAgentAudioAsync(AudioFrames audio)
    {
        _agentLine?.OnAgentAudio(audio);
        return Task.CompletedTask;
    }

    private async ValueTask OnFrameAsync()
    {
        Interlocked.Exchange(ref _lastCallerFrameAt, Stopwatch.GetTimestamp());
        if (_agentLine is { Bridged: true } line)
        {
            await line.FromCallerAsync(_frame);
        }

        var step = _utterances.Process(_frame);
        if (_bargeIn.Process(step.Activity, _playout.Speaking, _playout.EchoReferenceDbfs) == BargeInDecision.Interrupt)
        {
            // Silence the bot now; whether its reply is dropped depends on what the caller turns out to have said.
            _playout.Pause();
            _interrupting = true;
            _metrics.BargeIn();
            await _link.ClearAsync(_stop.Token);
            await _link.SendEventAsync(new VoiceEvent.Cleared(), _stop.Token);
        }

        if (step.Batch is { } batch)
        {
            await PushAudioAsync(new AudioFrames(RecognizerRate, batch));
        }

        if (step.Paused)
        {
            await TryAsync(() => Asr.SpeechPausedAsync(), "starting the final decoding early");
        }

        if (step.Ended)
        {
            await EndUtteranceAsync();
        }
    }

    private async ValueTask PushAudioAsync(AudioFrames audio)
    {
        RecognitionResult? partial = null;
        try
        {
            partial = await Asr.PushAudioAsync(audio);
        }
        catch (RecognitionNotStartedException)
        {
            // A new activation (its silo died): the earlier part of this utterance is gone, the rest is recognized.
            await ReattachAsync();
            await TryAsync(async () => partial = await Asr.PushAudioAsync(audio), "sending audio to recognition");
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            _logger.LogWarning(ex, "Call {CallId}: sending audio to recognition failed; this audio is lost.", CallId);
            return;
        }

        if (partial is { Text.Length: > 0 })
        {
            await _link.SendEventAsync(new VoiceEvent.Transcript(partial.Text, Final: false), _stop.Token);
        }
    }

    private async Task EndUtteranceAsync()
    {
        // The speech itself ended the configured silence ago; that is where the caller starts waiting.
        var speechEnded = Stopwatch.GetTimestamp() - (long)(_turnTaking.EndOfTurn.EndOfSpeechMs / 1000.0 * Stopwatch.Frequency);
        var final = new RecognitionResult("", IsFinal: true, Confidence: 0); // nothing heard, if recognition failed
        await TryAsync(async () => final = await Asr.EndUtteranceAsync(), "ending the utterance");
        var transcribed = Stopwatch.GetTimestamp();
        var interrupting = _interrupting;
        _interrupting = false;
        if (string.IsNullOrWhiteSpace(final.Text) || (interrupting && Backchannel.IsBackchannel(final.Text, Language)))
        {
            // A cough, noise or "mm-hm" over the bot: not a turn, and the bot carries on where it paused.
            _playout.Resume();
            return;
        }

        await _link.SendEventAsync(new VoiceEvent.Transcript(final.Text, Final: true), _stop.Token);
        await StopBotAsync();
        await SayAsync(new CallerInput(final.Text, final.Confidence), new PendingLatency(speechEnded, transcribed, 0));
    }

    /// <summary>Drops the rest of the bot's reply and records what the caller heard of it.</summary>
    private async Task StopBotAsync()
    {
        if (!_playout.Speaking && !_playout.Paused)
        {
            return;
        }

        var heard = _playout.Clear();
        await TryAsync(() => Tts.CancelAsync(), "cancelling synthesis");
        await _link.ClearAsync(_stop.Token);
        await TryAsync(() => Call.RecordInterruptionAsync(heard), "recording what was heard");
    }

    /// <summary>The call's grains lost what this session gave them (a silo died): recognition and the status line again.</summary>
    private async Task ReattachAsync()
    {
        _logger.LogInformation("Call {CallId}: its voice grains were activated anew; attaching them again.", CallId);
        await Asr.StartAsync(new SpeechSettings(Language, RecognizerRate));
        await Tts.SubscribeAsync(_speechOutput!.Reference);
        await Call.AttachVoiceAsync(_voiceConnection!.Reference);
    }

    /// <summary>A grain call on the audio path that may fail while the cluster replaces a silo: logged, and the call goes on.</summary>
    private async Task TryAsync(Func<Task> call, string what)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            _logger.LogWarning(ex, "Call {CallId}: {What} failed; the call goes on.", CallId, what);
        }
    }

    /// <summary>The cluster could not deliver or answer in time (a silo died or is leaving); nothing says the call is over.</summary>
    private static bool IsTransient(Exception ex) => ex is TimeoutException or OrleansException or RecognitionNotStartedException;

    private async Task SayAsync(CallerInput input, PendingLatency? latency)
    {
        if (latency is not null)
        {
            // A keypad turn (no latency to measure) must not wipe the measurement of a spoken turn still in flight.
            _pendingLatency = latency;
        }

        TurnResult result;
        try
        {
            await Tts.SubscribeAsync(_speechOutput!.Reference); // the same synthesis grain, or a new one that lost its output
            result = await Call.HandleCallerInputAsync(input); // the call grain has the TTS grain speak the reply
        }
        catch (CallEndedException)
        {
            _finished.TrySetResult();
            return;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            _logger.LogWarning(ex, "Call {CallId}: the turn '{Input}' failed; the caller is heard again on the next one.", CallId, input.Text);
            return;
        }

        await _link.SendEventAsync(new VoiceEvent.Reply(result.Reply), _stop.Token);
        await _link.SendEventAsync(new VoiceEvent.Emotion(result.Emotion.Score, result.Emotion.Trend), _stop.Token);
        await _link.SendEventAsync(new VoiceEvent.Status(result.Status), _stop.Token);
        Language = result.Language;
        if (result.Status == CallStatus.Ended)
        {
            _endRequestedAt = Stopwatch.GetTimestamp();
            _endWhenSaid = true;
        }
    }

    /// <summary>
    /// Releases the bot's audio at real time, one frame per 20 ms tick on an absolute schedule (a late tick sends what
    /// it owes: <see cref="PlayoutClock"/>), so what was sent is what was heard.
    /// </summary>
    private async Task PaceAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(FrameMs));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                for (var due = _clock.FramesDue(Stopwatch.GetTimestamp()); due > 0; due--)
                {
                    if (!await ReleaseFrameAsync())
                    {
                        _clock.Stopped();
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Call {CallId}: sending the bot's audio failed; the connection is gone.", CallId);
            _finished.TrySetResult();
        }
    }

    /// <summary>Sends the next frame of the bot's audio; false when there is none to send now.</summary>
    private async ValueTask<bool> ReleaseFrameAsync()
    {
        // The bot first; when it is silent, the agent's voice or the hold audio.
        var frame = _playout.NextFrame() ?? (_playout.Paused ? null : _agentLine?.NextFrame());
        if (frame is null && _playout.Paused
            && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastCallerFrameAt)) > PausedWithoutCallerAudio)
        {
            _playout.Resume();
            return false;
        }

        if (frame is null)
        {
            // The call ends once the goodbye has been played (and nothing more came for 300 ms), or after
            // 10 s if no audio comes at all.
            if (_endWhenSaid && ((_goodbyeHeard && ++_idleTicksAfterGoodbye >= 15)
                || Stopwatch.GetElapsedTime(_endRequestedAt) > TimeSpan.FromSeconds(10)))
            {
                _finished.TrySetResult();
            }

            return false;
        }

        _goodbyeHeard |= _endWhenSaid;
        _idleTicksAfterGoodbye = 0;
        var now = Stopwatch.GetTimestamp();
        _clock.Released(now);

        if (_pendingLatency is { Replied: not 0 } pending)
        {
            _pendingLatency = null;
            var latency = new VoiceLatency(
                Stopwatch.GetElapsedTime(pending.SpeechEnded, pending.Transcribed).TotalMilliseconds,
                Stopwatch.GetElapsedTime(pending.Transcribed, pending.Replied).TotalMilliseconds,
                Stopwatch.GetElapsedTime(pending.Replied, now).TotalMilliseconds);
            _metrics.Latency(latency);
            _ = Call.RecordVoiceLatencyAsync(latency).ContinueWith(
                t => _logger.LogWarning(t.Exception, "Call {CallId}: recording the turn's latency failed.", CallId),
                TaskContinuationOptions.OnlyOnFaulted);
        }

        await _link.SendAudioAsync(frame, _stop.Token);
        return true;
    }

    /// <summary>
    /// The call's grains forget this connection before it goes: otherwise the call's "ended" notice for the hang-up, or
    /// a sentence still being made, would be sent to observers that no longer exist (Orleans logs each as an error).
    /// </summary>
    private async Task DetachAsync()
    {
        if (_detached || CallId.Length == 0)
        {
            return;
        }

        _detached = true;
        try
        {
            if (_speechOutput is not null)
            {
                await Tts.UnsubscribeAsync(_speechOutput.Reference);
            }

            if (_voiceConnection is not null)
            {
                await Call.DetachVoiceAsync(_voiceConnection.Reference);
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            // The silo is stopping: nothing will be sent to this connection either way.
            _logger.LogDebug(ex, "Call {CallId}: detaching the voice connection failed.", CallId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_pacer is not null)
        {
            await _pacer;
        }

        await DetachAsync();
        _hold?.Dispose();
        _speechOutput?.Dispose();
        _voiceConnection?.Dispose();

        _stop.Dispose();
    }

    private sealed record PendingLatency(long SpeechEnded, long Transcribed, long Replied);
}
