using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Draining;
using CallCenter.Voice.Engines;
using Microsoft.Extensions.Logging;

using Orleans.GrainDirectory;

namespace CallCenter.Voice;

/// <summary>
/// One call's speech synthesis. Replies are split into sentences and synthesized one by one; each sentence's audio
/// goes to the Gateway connection as soon as it is ready, so the caller hears the first sentence while the next is
/// made. Barge-in cancels the sentence being synthesized and drops the queue. A draining silo moves it with its call:
/// it finishes the reply it is speaking first (bounded by <see cref="FinishBeforeMove"/>), and the connection it speaks
/// to, its sentence numbering and anything still queued go along.
/// </summary>
[GrainDirectory(CallDirectory.Name)]
public sealed class TtsStreamGrain(ISpeechSynthesizer synthesizer, SpeechAudioCache cache, ILogger<TtsStreamGrain> logger)
    : Grain, ITtsStreamGrain, IMovesOnDrain, IGrainMigrationParticipant
{
    /// <summary>Longest wait, when the grain moves, for the reply in hand to be synthesized and sent (espeak-ng: milliseconds).</summary>
    private static readonly TimeSpan FinishBeforeMove = TimeSpan.FromSeconds(5);

    private readonly Queue<(string Sentence, Language Language, long Received)> _pending = new();
    private CancellationTokenSource _cancel = new();
    private ISpeechOutput? _output;
    private Task? _speaking;
    private int _index;

    public Task SubscribeAsync(ISpeechOutput output)
    {
        _output = output;
        return Task.CompletedTask;
    }

    public async Task UnsubscribeAsync(ISpeechOutput output)
    {
        if (!Equals(_output, output))
        {
            return;
        }

        _output = null;
        await CancelAsync();
        if (_speaking is { } speaking)
        {
            // A sentence already on its way is delivered before the connection deletes its observer.
            await speaking;
        }
    }

    public Task SpeakAsync(string text, Language language)
    {
        if (_output is null)
        {
            // A voice call driven over the text API has no audio connection: there is nothing to speak to.
            logger.LogDebug("Call {CallId}: no audio output subscribed; not speaking.", this.GetPrimaryKeyString());
            return Task.CompletedTask;
        }

        foreach (var sentence in SentenceSplitter.Split(text))
        {
            _pending.Enqueue((sentence, language, System.Diagnostics.Stopwatch.GetTimestamp()));
        }

        // One loop speaks the queue in order; it runs on this grain's scheduler between requests.
        if (_pending.Count > 0 && (_speaking is null || _speaking.IsCompleted))
        {
            _speaking = SpeakQueueAsync();
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync()
    {
        _pending.Clear();
        _cancel.Cancel();
        _cancel.Dispose();
        _cancel = new CancellationTokenSource();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.Migrating && _speaking is { IsCompleted: false } speaking)
        {
            // Moving: the sentences of the reply in hand are spoken from here (a continuation of this activation), so
            // the caller hears no gap; what is still queued after the wait goes along to the new silo.
            await speaking.WaitAsync(FinishBeforeMove, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        else
        {
            _pending.Clear();
        }

        _cancel.Cancel();
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue("tts.output", _output);
        context.TryAddValue("tts.index", _index);
        context.TryAddValue("tts.pending", _pending.Select(p => new QueuedSpeech(p.Sentence, p.Language)).ToArray());
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue("tts.output", out ISpeechOutput? output))
        {
            _output = output;
        }

        if (context.TryGetValue("tts.index", out int index))
        {
            _index = index;
        }

        if (context.TryGetValue("tts.pending", out QueuedSpeech[]? pending) && pending is { Length: > 0 })
        {
            foreach (var sentence in pending)
            {
                _pending.Enqueue((sentence.Text, sentence.Language, System.Diagnostics.Stopwatch.GetTimestamp()));
            }
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0)
        {
            _speaking = SpeakQueueAsync(); // what a move brought along
        }

        return Task.CompletedTask;
    }

    private async Task SpeakQueueAsync()
    {
        try
        {
            while (_pending.TryDequeue(out var next))
            {
                var (sentence, language, received) = next;
                var token = _cancel.Token;
                byte[] pcm16;
                try
                {
                    pcm16 = cache.TryGet(language, sentence)
                        ?? cache.Add(language, sentence, MemoryMarshal.AsBytes((await synthesizer.SynthesizeAsync(sentence, language, token)).AsSpan()).ToArray());
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    continue; // barge-in: this sentence is no longer wanted
                }

                if (token.IsCancellationRequested)
                {
                    continue;
                }

                if (_output is not { } output)
                {
                    break; // the connection went away while this sentence was made
                }

                // Immutable: the cached bytes go to the Gateway as they are (no copy on the same silo).
                await output.OnSentenceAsync(new SpokenSentence(
                    _index++, sentence, new AudioFrames(synthesizer.SampleRate, pcm16),
                    System.Diagnostics.Stopwatch.GetElapsedTime(received).TotalMilliseconds));
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Call {CallId}: speech synthesis failed; the rest of the reply is not spoken.", this.GetPrimaryKeyString());
            _pending.Clear();
        }
    }
}

/// <summary>A sentence a moving TTS grain had not spoken yet.</summary>
[GenerateSerializer, Immutable, Alias("QueuedSpeech")]
public sealed record QueuedSpeech([property: Id(0)] string Text, [property: Id(1)] Language Language);
