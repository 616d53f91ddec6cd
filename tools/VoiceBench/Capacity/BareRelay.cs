using System.Buffers;
using System.Net.WebSockets;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.Media;
using CallCenter.Gateway.Media.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>
/// The limit to compare the engine with: a bare WebSocket relay on loopback, hosted by the benchmark on Kestrel, that
/// speaks the same Twilio Media Streams messages and answers each caller utterance with a burst of audio paced at
/// real time, as the engine does, but does nothing else (no grains, no turn-taking, no speech engines). The same client
/// code measures it with the same metric, in the same run, so what it shows is what this machine's client, sockets
/// and loopback network allow: the engine cannot do better than that.
/// </summary>
internal sealed class BareRelay : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly FramePacer _pacer;

    private BareRelay(WebApplication server, FramePacer pacer)
    {
        _server = server;
        _pacer = pacer;
    }

    /// <summary>The relay's base address (a free loopback port).</summary>
    public Uri Url => new(_server.Urls.First());

    public static async Task<BareRelay> StartAsync(int answerFrames, int pacingLoops)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var pacer = new FramePacer(pacingLoops);
        server.UseWebSockets();
        // Answers Twilio's voice webhook as the engine does (without checking signatures: it measures the line, not the engine).
        server.MapPost("/twilio/voice", (HttpContext http) => Results.Content(
            $"<Response><Connect><Stream url=\"ws://{http.Request.Host}/media/twilio/relay\"/></Connect></Response>", "text/xml"));
        server.Map("/media/twilio/{ticket}", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await new RelayConnection(socket, pacer, answerFrames).RunAsync();
        });
        await server.StartAsync();
        return new BareRelay(server, pacer);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _pacer.DisposeAsync();
    }

    /// <summary>One relayed call: hears where each utterance ends, then sends its answer frame by frame on the pacer.</summary>
    private sealed class RelayConnection(WebSocket socket, FramePacer pacer, int answerFrames) : IPacedStream
    {
        /// <summary>RMS 300 (about -40 dBFS): the caller's line noise is ~60, speech is in the thousands.</summary>
        private const double VoicedMeanSquare = 300.0 * 300.0;
        private const int MinVoicedFrames = 5;

        /// <summary>The end of an utterance is 300 ms of quiet, the engine's default Voice:TurnTaking:EndOfTurn:EndOfSpeechMs.</summary>
        private const int EndOfSpeechFrames = 15;

        private static readonly byte[] AnswerFrame = Tone();

        private readonly TwilioMessageParser _parser = new();
        private readonly ArrayBufferWriter<byte> _message = new(512);
        private readonly short[] _pcm = new short[CallerFrames.FrameBytes];
        private readonly Lock _lock = new();
        private string? _streamSid;
        private int _voicedFrames;
        private int _quietFrames;
        private long _answerFromTick = long.MaxValue;
        private int _answerSent;

        public async Task RunAsync()
        {
            var buffer = new byte[TwilioMediaEndpoint.MaxMessageBytes];
            try
            {
                while (true)
                {
                    var (kind, length) = await WebSocketMessages.ReceiveAsync(socket, buffer, CancellationToken.None);
                    if (kind != WebSocketMessageType.Text)
                    {
                        break;
                    }

                    var parsed = _parser.Parse(buffer.AsSpan(0, length));
                    if (parsed.TryGetMedia(out var media))
                    {
                        OnCallerFrame(media.Payload.Span);
                    }
                    else if (parsed.Message is TwilioStart start)
                    {
                        _streamSid = start.StreamSid;
                        StartAnswer(); // the greeting
                        pacer.Add(this);
                    }
                    else if (parsed.Message is TwilioStop || parsed.IsError)
                    {
                        break;
                    }
                }
            }
            catch (WebSocketException)
            {
                // The caller went away.
            }
            finally
            {
                await pacer.RemoveAsync(this);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stopped", CancellationToken.None);
            }
        }

        public async ValueTask SendDueAsync(long tick)
        {
            try
            {
                while (NextAnswerFrameDue(tick))
                {
                    _message.ResetWrittenCount();
                    TwilioMessageWriter.WriteMedia(_message, _streamSid!, AnswerFrame);
                    await socket.SendAsync(_message.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
            {
                // The caller hung up while the answer played.
            }
        }

        private bool NextAnswerFrameDue(long tick)
        {
            lock (_lock)
            {
                if (_answerSent >= answerFrames || _answerFromTick + _answerSent > tick)
                {
                    return false;
                }

                _answerSent++;
                return true;
            }
        }

        private void OnCallerFrame(ReadOnlySpan<byte> mulaw)
        {
            G711.MuLawToPcm(mulaw, _pcm.AsSpan(0, mulaw.Length));
            if (Pcm16.MeanSquare(_pcm.AsSpan(0, mulaw.Length)) >= VoicedMeanSquare)
            {
                _voicedFrames++;
                _quietFrames = 0;
            }
            else if (_voicedFrames >= MinVoicedFrames && ++_quietFrames == EndOfSpeechFrames)
            {
                _voicedFrames = 0;
                StartAnswer();
            }
        }

        private void StartAnswer()
        {
            lock (_lock)
            {
                _answerFromTick = pacer.CurrentTick + 1;
                _answerSent = 0;
            }
        }

        /// <summary>20 ms of a 150 Hz tone, μ-law: what the answer sounds like does not matter to the caller's measurements.</summary>
        private static byte[] Tone()
        {
            var pcm = Enumerable.Range(0, CallerFrames.FrameBytes).Select(i => (short)(4000 * Math.Sin(2 * Math.PI * 150 * i / 8000.0))).ToArray();
            var mulaw = new byte[pcm.Length];
            G711.PcmToMuLaw(pcm, mulaw);
            return mulaw;
        }
    }
}
