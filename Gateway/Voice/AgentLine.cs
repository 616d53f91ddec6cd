using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using CallCenter.Calls;
using CallCenter.Gateway.Audio;
using CallCenter.Voice;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// A voice call's line to a person: hold audio while the caller waits for an agent, then the agent's voice (from their
/// browser, through the call's audio bridge grain) in place of the bot's, and the caller's voice sent to the agent.
/// Audio to the agent goes in 60 ms batches; the agent's audio is buffered up to 200 ms and dropped beyond, so a
/// stalled browser never delays the call.
/// </summary>
public sealed class AgentLine(IGrainFactory grains, string callId, int linkRate, int frameSamples)
{
    private const int BatchFrames = 3;
    private const int MaxBufferedFrames = 10;
    private readonly HoldMusic _hold = new(linkRate, frameSamples);
    private readonly Resampler _fromAgent = new(VoiceSession.RecognizerRate, linkRate);
    private readonly ConcurrentQueue<short[]> _agentFrames = new();
    private readonly List<short> _toAgent = [];
    private readonly List<short> _pending = [];
    private volatile bool _onHold;
    private volatile bool _bridged;

    public bool Bridged => _bridged;

    private IAudioBridgeGrain Bridge => grains.GetGrain<IAudioBridgeGrain>(callId);

    public async Task OnStatusAsync(CallStatus status, IVoiceConnection self)
    {
        _onHold = status == CallStatus.WaitingForAgent;
        if (_onHold) _hold.Restart();
        var bridge = status == CallStatus.WithAgent;
        if (bridge && !_bridged)
        {
            await Bridge.ConnectCallerAsync(self);
        }

        _bridged = bridge;
        if (!bridge) _agentFrames.Clear();
    }

    /// <summary>The agent's voice, 16-bit PCM at 16 kHz, cut into the link's frames.</summary>
    public void OnAgentAudio(AudioFrames audio)
    {
        if (!_bridged) return;
        var pcm = MemoryMarshal.Cast<byte, short>(audio.Pcm16.AsSpan());
        var converted = new short[_fromAgent.MaxOutputFor(pcm.Length)];
        var count = _fromAgent.Process(pcm, converted);
        lock (_pending)
        {
            _pending.AddRange(converted.AsSpan(0, count));
            while (_pending.Count >= frameSamples)
            {
                _agentFrames.Enqueue(_pending.GetRange(0, frameSamples).ToArray());
                _pending.RemoveRange(0, frameSamples);
            }
        }

        while (_agentFrames.Count > MaxBufferedFrames && _agentFrames.TryDequeue(out _))
        {
        }
    }

    /// <summary>The caller's voice (one 20 ms frame at 16 kHz) for the agent.</summary>
    public async ValueTask FromCallerAsync(short[] frame)
    {
        if (!_bridged) return;
        _toAgent.AddRange(frame);
        if (_toAgent.Count < BatchFrames * frame.Length) return;
        var bytes = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_toAgent)).ToArray();
        _toAgent.Clear();
        await Bridge.FromCallerAsync(new AudioFrames(VoiceSession.RecognizerRate, bytes));
    }

    /// <summary>What to play when the bot has nothing to say: the agent's voice, hold audio, or nothing.</summary>
    public short[]? NextFrame() =>
        _bridged ? (_agentFrames.TryDequeue(out var frame) ? frame : null)
        : _onHold ? _hold.NextFrame()
        : null;
}
