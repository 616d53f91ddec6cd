using System.Buffers;
using System.Net.WebSockets;
using CallCenter.Calls;
using CallCenter.Gateway.Admission;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using CallCenter.Gateway.Voice;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Media.Twilio;

/// <summary>
/// Twilio Media Streams (bidirectional, TwiML &lt;Connect&gt;&lt;Stream url="wss://HOST/media/twilio/{ticket}"&gt;, as the
/// voice webhook <see cref="TwilioVoiceWebhook"/> answers it): JSON text frames with base64 μ-law at 8 kHz both ways.
/// Only Twilio connects: the upgrade request carries its X-Twilio-Signature, and the URL a ticket that is good for one
/// connection and names the call; a stream whose start names another call is closed with 1008. The call id is Twilio's CallSid; &lt;Parameter name="from"&gt; (the
/// caller's number) identifies the customer and &lt;Parameter name="language"&gt; (en, zh) picks the language.
/// A protocol error closes the stream with 1008 and the reason; the call is ended and its record kept. A call the cluster
/// has no room for is refused at its <c>start</c>: the stream closes with 1013 (Try Again Later) and the busy message,
/// nothing is started, and Twilio goes on with the TwiML after &lt;Connect&gt; (a &lt;Say&gt;, a queue, another number).
/// </summary>
public static class TwilioMediaEndpoint
{
    /// <summary>
    /// A Twilio message is a few hundred bytes (a 20 ms media chunk is ~300 as JSON); anything this big is not one. The
    /// default of <see cref="LimitOptions.MaxTwilioMessageBytes"/>.
    /// </summary>
    public const int MaxMessageBytes = 64 * 1024;

    public const string StreamPath = "/media/twilio";

    public static IEndpointRouteBuilder MapTwilioMediaStream(this IEndpointRouteBuilder app)
    {
        app.MapTwilioVoiceWebhook();
        app.Map(StreamPath + "/{" + TwilioHandler.TicketRouteValue + "}", async (
            HttpContext http, VoiceSessionFactory sessions, VoiceMetrics metrics, IOptions<LimitOptions> limits, ILoggerFactory loggers) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return ChatEndpoints.Error(ApiProblem.BadRequest("/media/twilio takes Twilio Media Streams WebSocket connections only."));
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            metrics.Connected("twilio");
            try
            {
                var callSid = http.User.FindFirst(CallCenterClaims.TwilioCallSid)!.Value;
                await new TwilioConnection(socket, callSid, limits.Value.MaxTwilioMessageBytes, loggers.CreateLogger<TwilioConnection>()).RunAsync(sessions, http.RequestAborted);
            }
            finally
            {
                metrics.Disconnected();
            }

            return Results.Empty;
        }).RequireAccess(Surface.TwilioStream).WithLimits(Limit.TelephonyConnections);
        return app;
    }
}

/// <summary>
/// One Twilio stream: parses and checks Twilio's messages, feeds the voice session, sends the bot's audio. Its start must
/// name <paramref name="callSid"/>, the call its URL's ticket was issued for.
/// </summary>
internal sealed class TwilioConnection(WebSocket socket, string callSid, int maxMessageBytes, ILogger logger) : IMediaLink
{
    private readonly TwilioMessageParser _parser = new();
    private readonly TwilioStreamSession _stream = new();
    private readonly WebSocketSender _sender = new(socket);
    private readonly byte[] _mulaw = new byte[160];
    private readonly ArrayBufferWriter<byte> _mediaMessage = new(512);
    private short[] _pcm = new short[160];
    private long _framesSent;
    private AdmissionRefusal? _refused;

    public int SampleRate => 8000;

    public async Task RunAsync(VoiceSessionFactory sessions, CancellationToken aborted)
    {
        await using var voice = sessions.Create(this);
        var buffer = new byte[maxMessageBytes];
        // When the bot has said goodbye the stream ends; Twilio moves on in the TwiML.
        var error = await voice.ConverseAsync(
            ReceiveAsync(voice, buffer, aborted), () => _sender.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended"));
        if (error is not null)
        {
            logger.LogWarning("Twilio stream {StreamSid}: {Error}", _stream.StreamSid, error);
            await _sender.CloseAsync(WebSocketCloseStatus.PolicyViolation, error);
        }
        else if (_refused is { } busy)
        {
            await _sender.CloseAsync(WebSocketSender.TryAgainLater, busy.Message);
        }
        else
        {
            // Stopped, or closed by Twilio: the close handshake is completed rather than the connection dropped.
            await _sender.CloseAsync(WebSocketCloseStatus.NormalClosure, "stream stopped");
        }
    }

    /// <summary>Receives until stop, close or a protocol error; returns the error, if any.</summary>
    private async Task<string?> ReceiveAsync(VoiceSession voice, byte[] buffer, CancellationToken aborted)
    {
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
                        return $"A message was longer than {maxMessageBytes} bytes.";
                    case WebSocketMessageType.Binary:
                        return "Binary frames are not part of Twilio Media Streams.";
                }

                var parsed = _parser.Parse(buffer.AsSpan(0, length));
                var accepted = _stream.Receive(parsed);
                if (!accepted.IsAccepted)
                {
                    return accepted.Error;
                }

                if (parsed.TryGetMedia(out var media))
                {
                    await OnMediaAsync(voice, media.Payload);
                    continue;
                }

                switch (parsed.Message)
                {
                    case TwilioStart start when start.CallSid != callSid:
                        return $"The stream's start names call {start.CallSid}, but its URL was issued for another call.";
                    case TwilioStart start:
                        _refused = await voice.StartAsync(start.CallSid, Language(start), start.CustomParameters.GetValueOrDefault("from"));
                        if (_refused is not null)
                        {
                            return null; // closed with 1013 and the busy message
                        }

                        break;
                    case TwilioDtmf dtmf:
                        await voice.OnDtmfAsync(dtmf.Digit);
                        break;
                    case TwilioStop:
                        return null;
                }
            }

            return null;
        }
        catch (WebSocketException)
        {
            return null; // the connection dropped: the call is ended by the caller of this method
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task OnMediaAsync(VoiceSession voice, ReadOnlyMemory<byte> mulaw)
    {
        if (_pcm.Length < mulaw.Length)
        {
            _pcm = new short[mulaw.Length];
        }

        G711.MuLawToPcm(mulaw.Span, _pcm.AsSpan(0, mulaw.Length));
        await voice.OnCallerAudioAsync(_pcm.AsMemory(0, mulaw.Length));
    }

    private static Language? Language(TwilioStart start) =>
        ApiJson.TryParseEnum<Language>(start.CustomParameters.GetValueOrDefault("language"), "language", out var language, out _) ? language : null;

    public async ValueTask SendAudioAsync(short[] frame, CancellationToken cancellationToken)
    {
        if (_stream.StreamSid is not { } streamSid)
        {
            return;
        }

        // Only the pacer sends media and marks, one message at a time, so one message buffer serves them all.
        G711.PcmToMuLaw(frame, _mulaw);
        _mediaMessage.ResetWrittenCount();
        TwilioMessageWriter.WriteMedia(_mediaMessage, streamSid, _mulaw);
        await _sender.SendAsync(_mediaMessage.WrittenMemory, WebSocketMessageType.Text, cancellationToken);

        // A mark every 200 ms: Twilio echoes it once the audio before it has played, so the stream session knows how
        // far playback has really got at the far end. Written into the same buffer as the media (sent by now).
        if (++_framesSent % 10 == 0)
        {
            var name = $"f{_framesSent}";
            _stream.OnMarkSent(name);
            _mediaMessage.ResetWrittenCount();
            TwilioMessageWriter.WriteMark(_mediaMessage, streamSid, name);
            await _sender.SendAsync(_mediaMessage.WrittenMemory, WebSocketMessageType.Text, cancellationToken);
        }
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        if (_stream.StreamSid is { } streamSid)
        {
            _stream.OnClearSent();
            await _sender.SendAsync(TwilioMessageWriter.Clear(streamSid), WebSocketMessageType.Text, cancellationToken);
        }
    }

    /// <summary>Twilio's stream has no channel for transcripts or emotion; dashboards get them from the call.</summary>
    public ValueTask SendEventAsync(VoiceEvent voiceEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
