using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Voice.Engines;

namespace CallCenter.Voice;

/// <summary>
/// One call's speech recognition. Holds the recognition session of the utterance in progress; decoding is CPU work
/// and runs on the thread pool, never on the grain scheduler, so a long utterance does not hold other grains up.
/// Partial results re-decode the utterance so far, so they are asked for at most once per <see cref="PartialEvery"/>.
/// </summary>
public sealed class AsrStreamGrain(ISpeechRecognizer recognizer, TimeProvider time) : Grain, IAsrStreamGrain
{
    private static readonly RecognitionResult Nothing = new("", IsFinal: true, Confidence: 0);
    private static readonly TimeSpan PartialEvery = TimeSpan.FromSeconds(1);
    private DateTimeOffset _lastPartial;

    private SpeechSettings? _settings;
    private IRecognitionSession? _session;
    private Task? _preparing;

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
        var settings = _settings ?? throw new InvalidOperationException($"Recognition for call '{this.GetPrimaryKeyString()}' was not started.");
        if (audio.SampleRate != settings.SampleRate || audio.Pcm16.Length % 2 != 0)
        {
            throw new ArgumentException($"Expected 16-bit PCM at {settings.SampleRate} Hz; got {audio.Pcm16.Length} bytes at {audio.SampleRate} Hz.", nameof(audio));
        }

        if (_session is null)
        {
            _session = recognizer.StartSession(settings.Language);
            _lastPartial = time.GetUtcNow();
        }

        var session = _session;
        session.AcceptAudio(MemoryMarshal.Cast<byte, short>(audio.Pcm16.AsSpan())); // a copy: cheap
        if (time.GetUtcNow() - _lastPartial < PartialEvery)
        {
            return null;
        }

        _lastPartial = time.GetUtcNow();
        var partial = await Task.Run(session.Partial);
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
            _preparing = Task.Run(session.PrepareFinish);
        }

        return Task.CompletedTask;
    }

    public async Task<RecognitionResult> EndUtteranceAsync()
    {
        var session = _session;
        var preparing = _preparing;
        _session = null;
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

            return await Task.Run(session.Finish);
        }
        finally
        {
            session.Dispose();
        }
    }

    public Task StopAsync()
    {
        _session?.Dispose();
        _session = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _session?.Dispose();
        _session = null;
        return Task.CompletedTask;
    }
}
