using System.Net.WebSockets;
using CallCenter.Agents;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Gateway.Voice;
using CallCenter.Voice;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Media.Agent;

/// <summary>
/// The agent's voice for a voice call they have taken, at /media/agent?agentId=: binary frames of 16-bit little-endian
/// mono PCM at 16 kHz both ways (the agent's microphone in, the caller out), through the call's audio bridge grain.
/// Only the agent themselves (signed in, or with a credential acting as that agent id) may connect. Refused (400/409)
/// unless the agent is on a voice call. A frame that is not whole samples or is longer than
/// <see cref="LimitOptions.MaxAudioFrameMilliseconds"/> closes the socket with 1003.
/// </summary>
public static class AgentAudioEndpoint
{
    public const int SampleRate = Voice.VoiceSession.RecognizerRate;

    public static IEndpointRouteBuilder MapAgentAudio(this IEndpointRouteBuilder app)
    {
        app.Map("/media/agent", async (
            HttpContext http, IGrainFactory grains, IOptions<VoiceOptions> voice, IOptions<TurnTakingOptions> turnTaking, IOptions<LimitOptions> limits,
            ILoggerFactory loggers) =>
        {
            var agentId = http.Request.Query["agentId"].ToString();
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return ChatEndpoints.Error(ApiProblem.BadRequest("/media/agent takes WebSocket connections only."));
            }

            AgentSnapshot agent;
            CallSnapshot call;
            try
            {
                agent = await grains.GetGrain<IAgentGrain>(agentId.Length > 0 ? agentId : "-").GetAsync();
                if (agent.CallId is null)
                {
                    return ChatEndpoints.Error(ApiProblem.Conflict($"Agent '{agentId}' is not on a call."));
                }

                call = await grains.GetGrain<ICallGrain>(agent.CallId).GetSnapshotAsync();
            }
            catch (AgentNotFoundException ex)
            {
                return ChatEndpoints.Error(ApiProblem.NotFound(ex.Message));
            }

            if (call.Channel != CallChannel.Voice)
            {
                return ChatEndpoints.Error(ApiProblem.Conflict($"Call '{call.CallId}' is a {call.Channel.ToString().ToLowerInvariant()} call: reply in text."));
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var sender = new WebSocketSender(socket);
            using var ear = grains.RegisterObserver<IAgentAudio>(new AgentEar(sender));
            var bridge = grains.GetGrain<IAudioBridgeGrain>(call.CallId);
            var logger = loggers.CreateLogger(typeof(AgentAudioEndpoint));
            await using var transcriber = voice.Value.TranscribeAgents
                ? new AgentTranscriber(grains, call.CallId, agent.AgentId, call.Language, voice.Value, turnTaking.Value, logger)
                : null;
            await bridge.ConnectAgentAsync(agent.AgentId, ear.Reference);
            try
            {
                var error = await RelayAsync(socket, bridge, transcriber, SampleRate * 2 * limits.Value.MaxAudioFrameMilliseconds / 1000, http.RequestAborted);
                if (error is not null)
                {
                    logger.LogWarning("Agent {AgentId} audio: {Error}", agent.AgentId, error);
                    await sender.CloseAsync(WebSocketCloseStatus.InvalidPayloadData, error);
                }
            }
            finally
            {
                await bridge.DisconnectAgentAsync(agent.AgentId);
            }

            return Results.Empty;
        }).RequireAccess(Surface.AgentAudio).WithLimits(Limit.Connections);
        return app;
    }

    private static async Task<string?> RelayAsync(
        WebSocket socket, IAudioBridgeGrain bridge, AgentTranscriber? transcriber, int maxFrameBytes, CancellationToken aborted)
    {
        var buffer = new byte[maxFrameBytes + 1];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var (kind, length) = await WebSocketMessages.ReceiveAsync(socket, buffer, aborted);
                switch (kind)
                {
                    case WebSocketMessageType.Close:
                        return null;
                    case null:
                        return $"A frame was longer than {maxFrameBytes} bytes ({maxFrameBytes * 500 / SampleRate} ms of audio).";
                    case WebSocketMessageType.Binary when length % 2 != 0:
                        return "A frame must hold whole 16-bit samples (an even number of bytes).";
                    case WebSocketMessageType.Binary when length > 0:
                        var pcm = buffer.AsSpan(0, length).ToArray();
                        await bridge.FromAgentAsync(new AudioFrames(SampleRate, pcm));
                        transcriber?.Add(pcm);
                        break;
                }
            }

            return null;
        }
        catch (WebSocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Plays the caller to the agent's browser.</summary>
    private sealed class AgentEar(WebSocketSender sender) : IAgentAudio
    {
        public Task OnCallerAudioAsync(AudioFrames audio) =>
            sender.SendAsync(audio.Pcm16, WebSocketMessageType.Binary, CancellationToken.None);
    }
}
