using System.Net;
using System.Net.Sockets;
using CallCenter.Gateway.Audio;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using CallCenter.Gateway.Voice;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Media.AudioSocket;

/// <summary>Configuration section "Voice:AudioSocket".</summary>
public sealed class AudioSocketOptions
{
    public const string Section = "Voice:AudioSocket";

    public bool Enabled { get; set; } = true;

    /// <summary>Where Asterisk connects: AudioSocket(uuid,host:port) or Dial(AudioSocket/host:port/uuid).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 9092;

    /// <summary>The largest frame payload accepted (Asterisk sends 320-byte audio frames).</summary>
    public int MaxPayloadBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Who may connect: comma-separated addresses or CIDR networks (the Asterisk servers). A connection from anywhere
    /// else is closed at once, before a byte is read. AudioSocket has no authentication of its own.
    /// </summary>
    public string AllowedNetworks { get; set; } = "127.0.0.0/8, ::1";
}

/// <summary>
/// The Asterisk AudioSocket listener: TCP, Asterisk connects to us, one connection per call. The call id is the
/// AudioSocket UUID. Audio is signed 16-bit little-endian PCM at 8 kHz both ways, sent back in 20 ms frames at real time.
/// A protocol error is answered with an error frame (0xff) and the connection is closed; the call is ended and its
/// record kept. A call the cluster has no room for is refused at its UUID frame with a hangup frame (0x00) and the
/// connection is closed: nothing is started, and Asterisk goes on with the dialplan after AudioSocket() (a busy message,
/// a queue). Only the networks of <see cref="AudioSocketOptions.AllowedNetworks"/> may connect; an address with more
/// open connections than Limits:TelephonyConnectionsPerSource gets a hangup frame at once.
/// </summary>
public sealed class AudioSocketListener(
    IOptions<AudioSocketOptions> options, VoiceSessionFactory sessions, VoiceMetrics metrics, RateLimits limits, ILogger<AudioSocketListener> logger)
    : BackgroundService
{
    private TcpListener? _listener;
    private List<System.Net.IPNetwork> _allowed = [];

    /// <summary>The port actually bound (differs from the configured one when that is 0).</summary>
    public int BoundPort => (_listener?.LocalEndpoint as IPEndPoint)?.Port ?? 0;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _allowed = NetworkList.Parse(options.Value.AllowedNetworks, out var problem);
            if (problem is not null || _allowed.Count == 0)
            {
                throw new InvalidOperationException($"Voice:AudioSocket:AllowedNetworks must list the Asterisk servers' addresses or networks: {problem ?? "it is empty"}.");
            }

            _listener = new TcpListener(IPAddress.Parse(options.Value.BindAddress), options.Value.Port);
            _listener.Start();
            logger.LogInformation("AudioSocket listening on {Address}:{Port}.", options.Value.BindAddress, BoundPort);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null)
        {
            return;
        }

        using var registration = stoppingToken.Register(_listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (client.Client.RemoteEndPoint is not IPEndPoint peer || !NetworkList.Contains(_allowed, peer.Address))
            {
                // Not one of ours: closed before anything is read or written (a reset, so nothing lingers).
                logger.LogWarning("AudioSocket: refused a connection from {Address}, which is not in Voice:AudioSocket:AllowedNetworks.",
                    (client.Client.RemoteEndPoint as IPEndPoint)?.Address);
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var lease = limits.Acquire(Limit.TelephonyConnections, peer.Address);
            _ = Task.Run(() => HandleAsync(client, lease, stoppingToken), stoppingToken);
        }
    }

    private async Task HandleAsync(TcpClient client, System.Threading.RateLimiting.RateLimitLease lease, CancellationToken stoppingToken)
    {
        using var _ = client;
        using var __ = lease;
        client.NoDelay = true;
        var stream = client.GetStream();
        var link = new AudioSocketLink(stream);
        if (!lease.IsAcquired)
        {
            logger.LogWarning("AudioSocket: {Message}", limits.Describe(Limit.TelephonyConnections, limits.RetryAfterSeconds(lease)));
            try
            {
                await link.HangUpAsync(); // the dialplan goes on after AudioSocket(), as for a busy engine
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
            }

            return;
        }

        metrics.Connected("audiosocket");
        await using var reader = new AudioSocketFrameReader(stream, options.Value.MaxPayloadBytes);
        await using var voice = sessions.Create(link);
        try
        {
            // When the bot has said goodbye, Asterisk gets a hangup frame.
            var error = await voice.ConverseAsync(ReceiveAsync(reader, voice, link, stoppingToken), () => link.HangUpAsync().AsTask());
            if (error is not null)
            {
                logger.LogWarning("AudioSocket call {CallId}: {Error}", voice.CallId, error);
                await link.ErrorAsync();
            }
            else if (link.Refused)
            {
                await link.HangUpAsync(); // the busy answer: Asterisk carries on with the dialplan
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            logger.LogInformation("AudioSocket call {CallId}: the connection dropped.", voice.CallId);
        }
        finally
        {
            metrics.Disconnected();
        }
    }

    /// <summary>Reads frames until hangup or end of stream; returns a protocol error, if any.</summary>
    private static async Task<string?> ReceiveAsync(AudioSocketFrameReader reader, VoiceSession voice, AudioSocketLink link, CancellationToken cancellationToken)
    {
        var pcm = new short[AudioSocketProtocol.FrameAudioBytes / 2];
        while (true)
        {
            var read = await reader.ReadFrameAsync(cancellationToken);
            if (read.Status == AudioSocketReadStatus.EndOfStream)
            {
                return null;
            }

            if (read.Error is { } error)
            {
                return error.ToString();
            }

            var frame = read.Frame;
            switch (frame.Kind)
            {
                case AudioSocketKind.Uuid:
                    if (await voice.StartAsync(frame.CallId.ToString("D"), language: null, customerPhone: null) is not null)
                    {
                        link.Refused = true;
                        return null;
                    }

                    break;
                case AudioSocketKind.Audio:
                    if (pcm.Length < frame.Payload.Length / 2)
                    {
                        pcm = new short[frame.Payload.Length / 2];
                    }

                    var samples = Pcm16.ToSamples(frame.Payload.Span, pcm);
                    await voice.OnCallerAudioAsync(pcm.AsMemory(0, samples));
                    break;
                case AudioSocketKind.Dtmf:
                    await voice.OnDtmfAsync(frame.Digit);
                    break;
                case AudioSocketKind.Hangup:
                    return null;
                case AudioSocketKind.Error:
                    return $"Asterisk reported error code {frame.ErrorCode}.";
            }
        }
    }

    private sealed class AudioSocketLink(Stream stream) : IMediaLink
    {
        private readonly AudioSocketFrameWriter _writer = new(stream);
        private readonly SemaphoreSlim _sending = new(1, 1);
        private readonly byte[] _bytes = new byte[AudioSocketProtocol.FrameAudioBytes];

        public int SampleRate => AudioSocketProtocol.SampleRate;

        /// <summary>The call was refused for lack of capacity: it ends with a hangup frame.</summary>
        public bool Refused { get; set; }

        public ValueTask SendAudioAsync(short[] frame, CancellationToken cancellationToken) =>
            SendAsync(w => w.WriteAudioAsync(_bytes.AsMemory(0, Pcm16.ToBytes(frame, _bytes)), cancellationToken), cancellationToken);

        /// <summary>Nothing to clear at the far end: audio is sent at real time, so nothing is buffered there.</summary>
        public ValueTask ClearAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask SendEventAsync(VoiceEvent voiceEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask HangUpAsync() => SendAsync(w => w.WriteHangupAsync(), CancellationToken.None);

        public ValueTask ErrorAsync() => SendAsync(w => w.WriteErrorAsync(new byte[] { 0x01 }), CancellationToken.None);

        private async ValueTask SendAsync(Func<AudioSocketFrameWriter, ValueTask<System.IO.Pipelines.FlushResult>> write, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken);
            try
            {
                await write(_writer);
            }
            finally
            {
                _sending.Release();
            }
        }
    }
}
