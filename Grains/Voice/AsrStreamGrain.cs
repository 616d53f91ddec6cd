using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Draining;
using CallCenter.Voice.Engines;

using Orleans.GrainDirectory;

namespace CallCenter.Voice;

/// <summary>
/// One call's speech recognition. Holds the recognition session of the utterance in progress; decoding is CPU work
/// and runs on the thread pool, never on the grain scheduler, so a long utterance does not hold other grains up.
/// Partial results re-decode the utterance so far, so they are asked for at most once per <see cref="PartialEvery"/>.
/// A draining silo moves it with its call: the settings and the audio of the utterance in progress go along, and the
/// new silo's session is fed that audio first, so the caller need not say it again.
/// </summary>
[GrainDirectory(CallDirectory.Name)]
public sealed class AsrStreamGrain(ISpeechRecognizer recognizer, TimeProvider time) : Grain, IAsrStreamGrain, IMovesOnDrain, IGrainMigrationParticipant
{
    private static readonly RecognitionResult Nothing = new("", IsFinal: true, Confidence: 0);
    private static readonly TimeSpan PartialEvery = TimeSpan.FromSeconds(1);
    private DateTimeOffset _lastPartial;

    private SpeechSettings? _settings;
    private IRecognitionSession? _session;
    private Task? _preparing;

    /// <summary>The utterance's audio as it came (the immutable batches, not copies): what a move carries.</summary>
    private readonly List<AudioFrames> _utterance = [];

    public Task StartAsync(SpeechSettings settings)
    {
        if (settings.SampleRate != recognizer.SampleRate)
        {
            throw new ArgumentException(
                $"The recognizer takes {recognizer.SampleRate} Hz audio; the call's settings say {settings.SampleRate} Hz.", nameof(settings));
        }

        _settings = settings;
        return Task.CompletedTask;
    }

    public async Task<RecognitionResult?> PushAudioAsync(AudioFrames audio)
    {
        var settings = _settings ?? throw new RecognitionNotStartedException(this.GetPrimaryKeyString());
        if (audio.SampleRate != settings.SampleRate || audio.Pcm16.Length % 2 != 0)
        {
            throw new ArgumentException($"Expected 16-bit PCM at {settings.SampleRate} Hz; got {audio.Pcm16.Length} bytes at {audio.SampleRate} Hz.", nameof(audio));
        }

        _utterance.Add(audio);
        if (_session is null)
        {
            OpenSession(settings);
            _lastPartial = time.GetUtcNow();
        }
        else
        {
            _session.AcceptAudio(MemoryMarshal.Cast<byte, short>(audio.Pcm16.AsSpan())); // a copy: cheap
        }

        var session = _session!;
        if (time.GetUtcNow() - _lastPartial < PartialEvery)
        {
            return null;
        }

        _lastPartial = time.GetUtcNow();
        var partial = await OffThreadPool(session.Partial);
        if (partial is { Text.Length: > 0 })
        {
            // Supervisors follow partial transcripts live: personal data masked (the call's vault numbers it in the final turn).
            await this.PublishCallEventAsync(new CallEvent(
                this.GetPrimaryKeyString(), CallEventKind.PartialTranscript, time.GetUtcNow(), CallChannel.Voice, CallStatus.Active,
                Privacy.PiiPlaceholders.Mask(partial.Text), null, null, false));
        }

        return partial;
    }

    public Task SpeechPausedAsync()
    {
        if (_session is { } session && _preparing is null or { IsCompleted: true })
        {
            // Not awaited: the final decoding runs while the turn detector waits out the rest of the pause.
            _preparing = OffThreadPool(session.PrepareFinish);
        }

        return Task.CompletedTask;
    }

    public async Task<RecognitionResult> EndUtteranceAsync()
    {
        if (_session is null && _utterance.Count > 0 && _settings is { } settings)
        {
            OpenSession(settings); // the utterance came with a move: decode it here
        }

        var session = _session;
        var preparing = _preparing;
        _session = null;
        _utterance.Clear();
        _preparing = null;
        if (session is null)
        {
            return Nothing;
        }

        try
        {
            if (preparing is not null)
            {
                // Almost done by now, and Finish uses its result; if it failed, Finish decodes (and fails) on its own.
                try
                {
                    await preparing;
                }
                catch (Exception)
                {
                }
            }

            return await OffThreadPool(session.Finish);
        }
        finally
        {
            session.Dispose();
        }
    }

    public Task StopAsync()
    {
        CloseSession();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _session?.Dispose(); // the audio stays in _utterance for a move
        _session = null;
        return Task.CompletedTask;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue("asr.settings", _settings);
        context.TryAddValue("asr.utterance", _utterance.ToArray());
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue("asr.settings", out SpeechSettings? settings))
        {
            _settings = settings;
        }

        if (context.TryGetValue("asr.utterance", out AudioFrames[]? utterance) && utterance is not null)
        {
            _utterance.AddRange(utterance);
        }
    }

    /// <summary>A session for the utterance, fed everything it has so far (more than the last batch after a move).</summary>
    private void OpenSession(SpeechSettings settings)
    {
        _session = recognizer.StartSession(settings.Language);
        foreach (var audio in _utterance)
        {
            _session.AcceptAudio(MemoryMarshal.Cast<byte, short>(audio.Pcm16.AsSpan()));
        }
    }

    private void CloseSession()
    {
        _session?.Dispose();
        _session = null;
        _utterance.Clear();
    }

    /// <summary>
    /// Runs a decoding on a thread of its own, never on the grain's scheduler nor the thread pool. Decodings block for
    /// 0.1 to 1 s in native code (and a final one may wait for a decoder); on the thread pool they took its threads from
    /// everything else there, the voice sessions' playout pacers included: the silo logged the pool stalled for 1.25 s,
    /// and with only 10 embedded calls the bot's audio had gaps inside answers (frames up to 0.7 s late). On threads of
    /// their own: p99 4.4 ms with 10 calls, and 75 calls kept real time (README, Voice, Capacity).
    /// </summary>
    private static Task<T> OffThreadPool<T>(Func<T> decode) =>
        Task.Factory.StartNew(decode, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task OffThreadPool(Action decode) =>
        Task.Factory.StartNew(decode, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
