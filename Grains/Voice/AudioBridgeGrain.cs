using CallCenter.Draining;

using Orleans.GrainDirectory;

namespace CallCenter.Voice;

/// <summary>
/// Relays a bridged voice call's audio between the caller's connection and the agent's browser. Holds nothing but the
/// two observers; a draining silo moves it with its call, observers included, and an activation that goes away
/// otherwise is rebuilt when both sides connect again.
/// </summary>
[GrainDirectory(CallDirectory.Name)]
public sealed class AudioBridgeGrain : Grain, IAudioBridgeGrain, IMovesOnDrain, IGrainMigrationParticipant
{
    private IVoiceConnection? _caller;
    private IAgentAudio? _agent;
    private string? _agentId;

    public Task ConnectCallerAsync(IVoiceConnection caller)
    {
        _caller = caller;
        return Task.CompletedTask;
    }

    public Task ConnectAgentAsync(string agentId, IAgentAudio agent)
    {
        _agentId = agentId;
        _agent = agent;
        return Task.CompletedTask;
    }

    public Task DisconnectAgentAsync(string agentId)
    {
        if (_agentId == agentId)
        {
            _agent = null;
            _agentId = null;
        }

        return Task.CompletedTask;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue("bridge.caller", _caller);
        context.TryAddValue("bridge.agent", _agent);
        context.TryAddValue("bridge.agentId", _agentId);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext context)
    {
        context.TryGetValue("bridge.caller", out _caller);
        context.TryGetValue("bridge.agent", out _agent);
        context.TryGetValue("bridge.agentId", out _agentId);
    }

    public Task FromCallerAsync(AudioFrames audio) => _agent?.OnCallerAudioAsync(audio) ?? Task.CompletedTask;

    public Task FromAgentAsync(AudioFrames audio) => _caller?.OnAgentAudioAsync(audio) ?? Task.CompletedTask;
}
