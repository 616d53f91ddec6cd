using System.Net.WebSockets;
using CallCenter.Gateway.Admission;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using CallCenter.Gateway.Voice;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Media.Pcm;

/// <summary>
/// The raw PCM WebSocket for apps and the browser at /media/pcm?rate=8000|16000: binary frames are 16-bit
/// little-endian mono PCM at that rate, both ways; text frames are JSON control messages (start, dtmf, hangup) in and
/// events (started, transcript, reply, emotion, clear, status, error) out. A bad message is answered with an error
/// event and the call carries on; a bad audio frame closes the socket with 1003 and the reason. A start the cluster has
/// no room for is answered with an error event (status 503, retryAfter) and the socket closes with 1013 (Try Again Later).
/// A connection needs a ticket, <c>?access_token=</c> from POST /api/media/pcm-token: signed, short-lived, good for one
/// connection.
/// </summary>
public static class PcmMediaEndpoint
{
    public static IEndpointRouteBuilder MapPcmMediaStream(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/media/pcm-token", (SignedTokens tokens, IOptions<SecurityOptions> security, TimeProvider time) =>
        {
            var lifetime = TimeSpan.FromSeconds(security.Value.MediaTicketSeconds);
            return Results.Json(new PcmTicketResponse(tokens.Issue(TokenPurposes.PcmMedia, "pcm", lifetime), time.GetUtcNow() + lifetime), ApiJson.Options);
        }).RequireAccess(Surface.PcmToken).WithLimits(Limit.CallStart);

        app.Map("/media/pcm", async (HttpContext http, VoiceSessionFactory sessions, VoiceMetrics metrics, IOptions<LimitOptions> limits, ILoggerFactory loggers) =>
        {
            if (!PcmAudioFormat.TryParseRate(http.Request.Query["rate"], out var parsed, out var error))
            {
                return ChatEndpoints.Error(ApiProblem.BadRequest(error));
            }

            var format = new PcmAudioFormat(parsed.SampleRate, parsed.SampleRate * PcmAudioFormat.BytesPerSample * limits.Value.MaxAudioFrameMilliseconds / 1000);

            if (!http.WebSockets.IsWebSocketRequest)
            {
                return ChatEndpoints.Error(ApiProblem.BadRequest("/media/pcm takes WebSocket connections only."));
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            metrics.Connected("pcm");
            try
            {
                await new PcmConnection(socket, format, loggers.CreateLogger<PcmConnection>()).RunAsync(sessions, http.RequestAborted);
            }
            finally
            {
                metrics.Disconnected();
            }

            return Results.Empty;
        }).RequireAccess(Surface.PcmStream).WithLimits(Limit.Connections);
        return app;
    }
}

/// <summary>A /media/pcm ticket: connect with <c>?access_token={Token}</c> before <c>ExpiresAt</c>; it opens one connection.</summary>
public sealed record PcmTicketResponse(string Token, DateTimeOffset ExpiresAt);

internal sealed class PcmConnection(WebSocket socket, PcmAudioFormat format, ILogger logger) : IMediaLink
{
    private readonly WebSocketSender _sender = new(socket);
    private readonly byte[] _frameBytes = new byte[format.BytesPer20Milliseconds];
    private short[] _pcm = new short[format.SampleRate];
    private AdmissionRefusal? _refused;

    public int SampleRate => format.SampleRate;

    public async Task RunAsync(VoiceSessionFactory sessions, CancellationToken aborted)
    {
        await using var voice = sessions.Create(this);
        var error = await voice.ConverseAsync(
            ReceiveAsync(voice, aborted), () => _sender.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended"));
        if (error is not null)
        {
            logger.LogWarning("PCM call {CallId}: {Error}", voice.CallId, error);
            await _sender.CloseAsync(WebSocketCloseStatus.InvalidPayloadData, error);
        }
        else if (_refused is { } busy)
        {
            await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmError(busy.Message, StatusCodes.Status503ServiceUnavailable, busy.RetryAfterSeconds)), WebSocketMessageType.Text, aborted);
            await _sender.CloseAsync(WebSocketSender.TryAgainLater, busy.Message);
        }
        else
        {
            // Hung up, or closed by the client: the close handshake is completed rather than the connection dropped.
            await _sender.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended");
        }
    }

    private async Task<string?> ReceiveAsync(VoiceSession voice, CancellationToken aborted)
    {
        var buffer = new byte[format.MaxFrameBytes + 1];
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
                        return $"A frame was longer than {format.MaxFrameBytes} bytes.";
                    case WebSocketMessageType.Binary:
                        if (format.ValidateFrame(length) is { } bad)
                        {
                            return bad.Reason;
                        }

                        if (voice.CallId.Length == 0)
                        {
                            await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmError("Audio before start: send {\"type\":\"start\"} first.")), WebSocketMessageType.Text, aborted);
                            continue;
                        }

                        if (_pcm.Length < length / 2)
                        {
                            _pcm = new short[length / 2];
                        }

                        var samples = Pcm16.ToSamples(buffer.AsSpan(0, length), _pcm);
                        await voice.OnCallerAudioAsync(_pcm.AsMemory(0, samples));
                        continue;
                }

                var parsed = PcmMessageParser.Parse(buffer.AsSpan(0, length));
                switch (parsed.Message)
                {
                    case null:
                        await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmError(parsed.Error!.Reason)), WebSocketMessageType.Text, aborted);
                        break;
                    case PcmStart when voice.CallId.Length > 0:
                        await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmError("The call has already started.")), WebSocketMessageType.Text, aborted);
                        break;
                    case PcmStart start:
                        _refused = await voice.StartAsync(Guid.NewGuid().ToString("N"), start.Language, start.CustomerPhone);
                        if (_refused is not null)
                        {
                            return null; // an error event, then closed with 1013
                        }

                        break;
                    case PcmDtmf dtmf when voice.CallId.Length > 0:
                        await voice.OnDtmfAsync(dtmf.Digit);
                        break;
                    case PcmHangup:
                        return null;
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

    public ValueTask SendAudioAsync(short[] frame, CancellationToken cancellationToken)
    {
        var bytes = Pcm16.ToBytes(frame, _frameBytes);
        return new ValueTask(_sender.SendAsync(_frameBytes.AsMemory(0, bytes), WebSocketMessageType.Binary, cancellationToken));
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken) =>
        new(_sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmClear()), WebSocketMessageType.Text, cancellationToken));

    public async ValueTask SendEventAsync(VoiceEvent voiceEvent, CancellationToken cancellationToken)
    {
        if (voiceEvent is VoiceEvent.Started started)
        {
            // The greeting is the bot's first line of the transcript.
            await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmStarted(started.CallId)), WebSocketMessageType.Text, cancellationToken);
            await _sender.SendAsync(PcmMessageWriter.ToUtf8(new PcmReply(started.Greeting)), WebSocketMessageType.Text, cancellationToken);
            return;
        }

        PcmServerMessage? message = voiceEvent switch
        {
            VoiceEvent.Transcript transcript => new PcmTranscript(transcript.Text, transcript.Final),
            VoiceEvent.Reply reply => new PcmReply(reply.Text),
            VoiceEvent.Emotion emotion => new PcmEmotion(emotion.Score, emotion.Trend),
            VoiceEvent.Status status => new PcmStatus(status.Value),
            _ => null, // "cleared" is already said by ClearAsync
        };
        if (message is not null)
        {
            await _sender.SendAsync(PcmMessageWriter.ToUtf8(message), WebSocketMessageType.Text, cancellationToken);
        }
    }


}
