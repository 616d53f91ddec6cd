using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallCenter.FakeTwilio;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>
/// One phone call as Twilio Media Streams carries it: <c>connected</c>, <c>start</c> with custom parameters, then a
/// <c>media</c> message of 160 μ-law bytes every 20 ms (sent by the shared <see cref="FramePacer"/>), marks echoed back
/// as Twilio does, and <c>stop</c>. The caller listens to the bot (the greeting, then each answer) until it has been
/// quiet for a while, asks a question, and waits for the answer.
/// <para>
/// What it measures for each answer to a question asked while the step measures: whether it came, how long after the
/// question ended, and the <b>added delay</b> of each of its frames: frame k should arrive k × 20 ms after the answer's
/// first frame (the engine releases its audio at real time); delay = max(0, arrival − that).
/// </para>
/// </summary>
internal sealed class CapacityCall : IPacedStream
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequenceNumber");
    private static readonly JsonEncodedText StreamSidName = JsonEncodedText.Encode("streamSid");
    private static readonly JsonEncodedText MediaName = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText TrackName = JsonEncodedText.Encode("track");
    private static readonly JsonEncodedText Inbound = JsonEncodedText.Encode("inbound");
    private static readonly JsonEncodedText ChunkName = JsonEncodedText.Encode("chunk");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText PayloadName = JsonEncodedText.Encode("payload");
    private static readonly JsonEncodedText MarkName = JsonEncodedText.Encode("mark");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");

    private readonly int _index;
    private readonly CallerFrames _frames;
    private readonly FramePacer _pacer;
    private readonly CallScript _script;
    private ClientWebSocket _socket = new();
    private readonly string _streamSid = "MZ" + Guid.NewGuid().ToString("N");
    private readonly string _callSid = "CA" + Guid.NewGuid().ToString("N");
    private readonly ArrayBufferWriter<byte> _message = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly Queue<string> _markEchoes = new();
    private readonly Lock _lock = new();
    private Task _receiving = Task.CompletedTask;
    private volatile bool _hangingUp;
    private long _nextTick;
    private long _sequence;
    private long _chunk;

    // The caller's side of the conversation (under _lock: the pacer and the receive loop both use it).
    private byte[][]? _question;
    private int _questionFrame;
    private long _questionsAsked;
    private bool _awaitingAnswer;
    private long _questionEndedAt;
    private bool _questionMeasured;
    private bool _inAnswer;
    private bool _answerMeasured;
    private long _answerStartedAt;
    private long _answerFrame;
    private long _lastBotFrameAt;

    public CapacityCall(int index, CallerFrames frames, FramePacer pacer, CallScript script)
    {
        _index = index;
        _frames = frames;
        _pacer = pacer;
        _script = script;
        _json = new Utf8JsonWriter(_message, WriterOptions);
    }

    public int TurnsExpected { get; private set; }

    public int TurnsAnswered { get; private set; }

    /// <summary>Added delay of every frame of the measured answers, in milliseconds.</summary>
    public List<double> FrameDelaysMs { get; } = [];

    /// <summary>From the question's last frame sent to the answer's first frame received, in milliseconds.</summary>
    public List<double> AnswerAfterMs { get; } = [];

    /// <summary>Bot frames that belonged to no answer (one that came after its question timed out, say).</summary>
    public int StrayFrames { get; private set; }

    /// <summary>Twilio "clear" messages: the engine heard a barge-in, which this caller never makes on purpose.</summary>
    public int Clears { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The call comes in as Twilio brings it: the voice webhook, then the signed stream, connected and start.</summary>
    public async Task ConnectAsync(TwilioCarrier twilio, CancellationToken cancellationToken)
    {
        try
        {
            var order = await twilio.AnswerAsync(_callSid, from: "+15550100", cancellationToken: cancellationToken);
            _socket.Dispose();
            _socket = await twilio.ConnectAsync(order, configure: o => o.SetBuffer(4096, 4096), cancellationToken: cancellationToken);
            await SendTextAsync(Encoding.UTF8.GetBytes(TwilioCarrier.ConnectedMessage));
            await SendTextAsync(Encoding.UTF8.GetBytes(TwilioCarrier.StartMessage(order, _streamSid)));
            _sequence = 1;
            lock (_lock)
            {
                // The greeting is an answer nobody asked for: listened to, not measured.
                _awaitingAnswer = true;
                _questionEndedAt = Stopwatch.GetTimestamp();
            }

            _receiving = ReceiveAsync();
            _nextTick = _pacer.CurrentTick + 1;
            _pacer.Add(this);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            Error = $"connect: {ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>True once the caller has nothing in flight: not speaking, no answer awaited, the bot quiet.</summary>
    public bool Settled
    {
        get
        {
            lock (_lock)
            {
                return Error is not null || (_question is null
                    && (!_awaitingAnswer || Stopwatch.GetElapsedTime(_questionEndedAt) >= _script.ReplyTimeout)
                    && Stopwatch.GetElapsedTime(_lastBotFrameAt) >= _script.QuietBeforeSpeaking);
            }
        }
    }

    public async ValueTask SendDueAsync(long tick)
    {
        if (Error is not null || _hangingUp)
        {
            return;
        }

        try
        {
            while (_nextTick <= tick)
            {
                byte[] frame;
                lock (_lock) frame = NextFrame(_nextTick);
                WriteMedia(frame);
                await SendTextAsync(_message.WrittenMemory);
                while (TakeMarkEcho() is { } mark)
                {
                    WriteMark(mark);
                    await SendTextAsync(_message.WrittenMemory);
                }

                _nextTick++;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            Fail($"send: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Sends stop and closes, as Twilio does when the caller hangs up.</summary>
    public async Task HangUpAsync()
    {
        _hangingUp = true;
        await _pacer.RemoveAsync(this);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(new
                {
                    @event = "stop", sequenceNumber = (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), streamSid = _streamSid,
                    stop = new { accountSid = "AC" + new string('0', 32), callSid = _callSid },
                }));
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "caller hung up", timeout.Token);
            }

            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The measurements are in; a slow goodbye does not change them.
        }
        finally
        {
            _socket.Dispose();
        }
    }

    /// <summary>The caller's frame for this tick: the question being asked, or line noise while listening.</summary>
    private byte[] NextFrame(long tick)
    {
        var now = Stopwatch.GetTimestamp();
        if (_question is null && ReadyToAsk(now))
        {
            _question = _frames.Questions[(int)((_index + _questionsAsked++) % _frames.Questions.Length)];
            _questionFrame = 0;
            _awaitingAnswer = false;
            _inAnswer = false;
        }

        if (_question is { } question)
        {
            var frame = question[_questionFrame++];
            if (_questionFrame == question.Length)
            {
                _question = null;
                _awaitingAnswer = true;
                _questionEndedAt = now;
                _questionMeasured = _script.Phase == StepPhase.Measuring;
                if (_questionMeasured)
                {
                    TurnsExpected++;
                }
            }

            return frame;
        }

        return _frames.Noise[(int)((tick + _index) % _frames.Noise.Length)];
    }

    private bool ReadyToAsk(long now)
    {
        if (_script.Phase == StepPhase.Draining)
        {
            return false;
        }

        return _awaitingAnswer
            ? Stopwatch.GetElapsedTime(_questionEndedAt, now) >= _script.ReplyTimeout
            : Stopwatch.GetElapsedTime(_lastBotFrameAt, now) >= _script.QuietBeforeSpeaking;
    }

    private void OnBotFrame(long now)
    {
        lock (_lock)
        {
            _lastBotFrameAt = now;
            if (_awaitingAnswer)
            {
                _awaitingAnswer = false;
                _inAnswer = true;
                _answerMeasured = _questionMeasured;
                _questionMeasured = false;
                _answerStartedAt = now;
                _answerFrame = 0;
                if (_answerMeasured)
                {
                    TurnsAnswered++;
                    AnswerAfterMs.Add(Stopwatch.GetElapsedTime(_questionEndedAt, now).TotalMilliseconds);
                }
            }
            else if (!_inAnswer)
            {
                StrayFrames++;
                return;
            }

            if (_answerMeasured)
            {
                var due = _answerStartedAt + _answerFrame * FramePacer.FrameTicks;
                FrameDelaysMs.Add(now > due ? Stopwatch.GetElapsedTime(due, now).TotalMilliseconds : 0);
            }

            _answerFrame++;
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        var whole = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_hangingUp)
                    {
                        Fail($"closed by the server: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                    }

                    return;
                }

                var now = Stopwatch.GetTimestamp();
                ReadOnlySpan<byte> message = buffer.AsSpan(0, result.Count);
                if (!result.EndOfMessage || whole.WrittenCount > 0)
                {
                    whole.Write(message);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    message = whole.WrittenSpan;
                }

                OnMessage(message, now);
                whole.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_hangingUp)
            {
                Fail($"receive: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>The engine writes "event" first (as Twilio documents), so the kind of message is in its first bytes.</summary>
    private void OnMessage(ReadOnlySpan<byte> message, long now)
    {
        if (message.StartsWith("""{"event":"media","""u8))
        {
            OnBotFrame(now);
        }
        else if (message.StartsWith("""{"event":"mark","""u8))
        {
            using var json = JsonDocument.Parse(message.ToArray());
            var name = json.RootElement.GetProperty("mark").GetProperty("name").GetString()!;
            lock (_lock) _markEchoes.Enqueue(name); // the caller plays audio as it arrives, so the mark has played
        }
        else if (message.StartsWith("""{"event":"clear","""u8))
        {
            lock (_lock) Clears++;
        }
    }

    private string? TakeMarkEcho()
    {
        lock (_lock) return _markEchoes.TryDequeue(out var name) ? name : null;
    }

    private void WriteMedia(byte[] mulaw)
    {
        var json = Begin(MediaName);
        json.WriteStartObject(MediaName);
        json.WriteString(TrackName, Inbound);
        WriteNumberString(json, ChunkName, ++_chunk);
        WriteNumberString(json, TimestampName, (_chunk - 1) * FramePacer.FrameMs);
        json.WriteBase64String(PayloadName, mulaw);
        json.WriteEndObject();
        End(json);
    }

    private void WriteMark(string name)
    {
        var json = Begin(MarkName);
        json.WriteStartObject(MarkName);
        json.WriteString(NameName, name);
        json.WriteEndObject();
        End(json);
    }

    private Utf8JsonWriter Begin(JsonEncodedText eventName)
    {
        _message.ResetWrittenCount();
        _json.Reset(_message);
        _json.WriteStartObject();
        _json.WriteString(EventName, eventName);
        WriteNumberString(_json, SequenceName, ++_sequence);
        _json.WriteString(StreamSidName, _streamSid);
        return _json;
    }

    private static void End(Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Twilio sends its counters as strings of digits.</summary>
    private static void WriteNumberString(Utf8JsonWriter json, JsonEncodedText name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        json.WriteString(name, digits[..written]);
    }

    private ValueTask SendTextAsync(ReadOnlyMemory<byte> message) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, WebSocketMessageFlags.EndOfMessage, CancellationToken.None);

    private void Fail(string error)
    {
        lock (_lock) Error ??= error;
    }
}
