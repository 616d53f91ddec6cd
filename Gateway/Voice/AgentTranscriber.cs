using System.Threading.Channels;
using CallCenter.Calls;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Voice;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// Transcribes the agent's side of a bridged voice call into the call's transcript, so the history, the after-call
/// summary and the labeling export hold both voices. The agent's microphone is cut into utterances like the caller's
/// line and recognized by an ASR stream grain of its own (key "{callId}/agent"). Recognition runs on its own loop
/// behind a bounded queue: the agent's voice reaches the caller without ever waiting for a decoder.
/// </summary>
public sealed class AgentTranscriber : IAsyncDisposable
{
    private const int FrameMs = 20;

    /// <summary>About 20 s of browser audio chunks; past that recognition has fallen far behind and the oldest go.</summary>
    private const int QueuedChunks = 1000;

    private readonly IGrainFactory _grains;
    private readonly string _callId;
    private readonly string _agentId;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _audio;
    private readonly UtteranceSegmenter _utterances;
    private readonly FrameAssembler _frames;
    private readonly short[] _frame;
    private readonly Task _loop;
    private int _dropped;

    public AgentTranscriber(
        IGrainFactory grains, string callId, string agentId, Language language, VoiceOptions options, TurnTakingOptions turnTaking, ILogger logger)
    {
        _grains = grains;
        _callId = callId;
        _agentId = agentId;
        _logger = logger;
        _audio = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(QueuedChunks) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _utterances = new UtteranceSegmenter(VoiceSession.RecognizerRate, FrameMs, options.FramesPerAsrBatch, turnTaking);
        _frames = new FrameAssembler(_utterances.FrameSamples);
        _frame = new short[_utterances.FrameSamples];
        _loop = Task.Run(() => RunAsync(language));
    }

    private IAsrStreamGrain Asr => _grains.GetGrain<IAsrStreamGrain>(_callId + "/agent");

    /// <summary>The agent's microphone: 16-bit little-endian PCM at <see cref="VoiceSession.RecognizerRate"/>. Never waits.</summary>
    public void Add(byte[] pcm16) => _audio.Writer.TryWrite(pcm16);

    private async Task RunAsync(Language language)
    {
        try
        {
            await Asr.StartAsync(new SpeechSettings(language, VoiceSession.RecognizerRate));
            await foreach (var chunk in _audio.Reader.ReadAllAsync())
            {
                _frames.WriteBytes(chunk);
                while (_frames.TryRead(_frame))
                {
                    await OnFrameAsync();
                }
            }
        }
        catch (Exception ex)
        {
            // The transcript loses the agent's words from here on; the conversation itself is not affected.
            _logger.LogWarning(ex, "Call {CallId}: transcribing agent {AgentId} stopped.", _callId, _agentId);
        }
        finally
        {
            await Asr.StopAsync();
        }
    }

    private async Task OnFrameAsync()
    {
        var step = _utterances.Process(_frame);
        if (step.Batch is { } batch)
        {
            await Asr.PushAudioAsync(new AudioFrames(VoiceSession.RecognizerRate, batch));
        }

        if (step.Paused)
        {
            await Asr.SpeechPausedAsync();
        }

        if (!step.Ended)
        {
            return;
        }

        var final = await Asr.EndUtteranceAsync();
        if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
        {
            _logger.LogWarning("Call {CallId}: recognition of agent {AgentId} fell behind; {Dropped} chunks of audio were not transcribed.", _callId, _agentId, dropped);
        }

        if (string.IsNullOrWhiteSpace(final.Text))
        {
            return;
        }

        try
        {
            await _grains.GetGrain<ICallGrain>(_callId).AgentSpokeAsync(_agentId, final.Text);
        }
        catch (InvalidOperationException ex)
        {
            // The agent closed the call or handed it back while their last words were being recognized.
            _logger.LogDebug(ex, "Call {CallId}: agent {AgentId}'s last utterance came after they left the call.", _callId, _agentId);
        }
    }

    /// <summary>Transcribes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _audio.Writer.TryComplete();
        await _loop;
    }
}
