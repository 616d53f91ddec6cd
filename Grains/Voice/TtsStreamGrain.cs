using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Voice.Engines;
using Microsoft.Extensions.Logging;

namespace CallCenter.Voice;

/// <summary>
/// One call's speech synthesis. Replies are split into sentences and synthesized one by one; each sentence's audio
/// goes to the Gateway connection as soon as it is ready, so the caller hears the first sentence while the next is
/// made. Barge-in cancels the sentence being synthesized and drops the queue.
/// </summary>
public sealed class TtsStreamGrain(ISpeechSynthesizer synthesizer, SpeechAudioCache cache, ILogger<TtsStreamGrain> logger)
    : Grain, ITtsStreamGrain
{
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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pending.Clear();
        _cancel.Cancel();
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
