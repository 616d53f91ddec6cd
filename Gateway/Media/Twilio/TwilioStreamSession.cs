namespace CallCenter.Gateway.Media.Twilio;

/// <summary>Where a Media Stream is in its life.</summary>
public enum TwilioStreamState { AwaitingConnected, AwaitingStart, Streaming, Stopped }

/// <summary>What an echoed mark means for the bot's speech.</summary>
public enum TwilioMarkEcho
{
    /// <summary>The message was not a mark.</summary>
    None,
    /// <summary>The audio sent before this mark was played to the caller.</summary>
    Played,
    /// <summary>The audio before this mark was dropped by a clear we sent (barge-in): the caller did not hear it.</summary>
    Cleared,
    /// <summary>A mark we never sent, or one already echoed: counted in <see cref="TwilioStreamSession.UnknownMarkEchoes"/>, otherwise ignored.</summary>
    Unknown,
}

/// <summary>
/// The session's verdict on one inbound message: accepted (with what an echoed mark meant), or a protocol
/// <see cref="Error"/>. A rejected message changes nothing; the connection should be closed.
/// </summary>
public readonly record struct TwilioSessionResult(string? Error, TwilioMarkEcho MarkEcho = TwilioMarkEcho.None)
{
    public static TwilioSessionResult Accepted { get; } = new(null);

    public bool IsAccepted => Error is null;

    public static TwilioSessionResult Rejected(string error) => new(error);
}

/// <summary>
/// The rules of one Twilio Media Stream, as a pure state machine (no I/O, not thread-safe: one per connection, fed by
/// its receive loop, told by its send loop what went out).
/// <list type="bullet">
/// <item><c>connected</c> comes first, then exactly one <c>start</c>; media, marks and DTMF only after start and before
/// <c>stop</c>; nothing after stop. A message carrying a <c>streamSid</c> must carry the started stream's.</item>
/// <item>Sequence numbers should rise by one per message. Gaps and repeats are counted
/// (<see cref="SequenceGaps"/>, <see cref="MissingMessages"/>, <see cref="RepeatedOrLateMessages"/>) and tolerated:
/// losing 20 ms of audio is not a reason to drop a call.</item>
/// <item>Outbound marks: call <see cref="OnMarkSent"/> after sending a mark (behind the audio it tags) and
/// <see cref="OnClearSent"/> after sending a clear. Twilio plays audio in order and echoes each mark when the audio
/// before it has played, so an echo of mark X means everything up to X was heard: <see cref="LastPlayedMark"/>.</item>
/// </list>
/// <para>
/// Telling played marks from cleared ones: Twilio also echoes the marks whose audio a clear dropped, with the same
/// message. When a clear is sent, every mark still pending at that moment moves to a "cleared" queue; an echo that
/// matches the head of that queue is reported as <see cref="TwilioMarkEcho.Cleared"/> (not heard) and does not move
/// <see cref="LastPlayedMark"/>. Twilio echoes those right away, before any mark sent after the clear can play, so the
/// cleared queue is consulted first: a mark name reused after a clear is still attributed correctly. One race is
/// unavoidable: a mark whose audio finished playing just as the clear was sent, its echo still on the wire, counts as
/// cleared. That errs on the safe side (the engine assumes the caller missed a few words it may have heard). Name marks
/// uniquely (a counter) so that echoes are otherwise never ambiguous.
/// </para>
/// </summary>
public sealed class TwilioStreamSession
{
    private readonly List<string> _pendingMarks = [];
    private readonly List<string> _clearedMarks = [];

    public TwilioStreamState State { get; private set; } = TwilioStreamState.AwaitingConnected;

    public TwilioConnected? Connected { get; private set; }

    /// <summary>The stream's identity, format and custom parameters, once started.</summary>
    public TwilioStart? Start { get; private set; }

    public string? StreamSid => Start?.StreamSid;

    public long? LastSequenceNumber { get; private set; }

    /// <summary>How many times the sequence number jumped ahead by more than one.</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>How many sequence numbers the jumps skipped in total (messages that never arrived).</summary>
    public long MissingMessages { get; private set; }

    /// <summary>Messages whose sequence number was not above the last one seen (duplicates, or late arrivals).</summary>
    public long RepeatedOrLateMessages { get; private set; }

    public long MediaMessages { get; private set; }

    /// <summary>The <c>media.timestamp</c> (milliseconds of inbound audio since the stream began) of the last media message.</summary>
    public long LastMediaTimestamp { get; private set; }

    /// <summary>The last mark whose audio the caller heard: the bot's speech up to this mark was really played.</summary>
    public string? LastPlayedMark { get; private set; }

    public long PlayedMarks { get; private set; }

    public long ClearedMarks { get; private set; }

    public long UnknownMarkEchoes { get; private set; }

    /// <summary>Marks sent whose audio has not played yet, oldest first.</summary>
    public IReadOnlyList<string> PendingMarks => _pendingMarks;

    /// <summary>Marks dropped by a clear whose echo has not arrived yet, oldest first.</summary>
    public IReadOnlyList<string> ClearedMarksAwaitingEcho => _clearedMarks;

    /// <summary>Applies a parse result: a parse error is rejected with its reason, a message goes through the rules.</summary>
    public TwilioSessionResult Receive(in TwilioParseResult parsed)
    {
        if (parsed.Error is { } error)
        {
            return TwilioSessionResult.Rejected(error.Reason);
        }

        return parsed.TryGetMedia(out var media) ? Receive(in media) : Receive(parsed.Message!);
    }

    public TwilioSessionResult Receive(in TwilioMedia media)
    {
        if (RequireStreaming("media", media.StreamSid) is { } rejected)
        {
            return rejected;
        }

        TrackSequence(media.SequenceNumber);
        MediaMessages++;
        LastMediaTimestamp = media.Timestamp;
        return TwilioSessionResult.Accepted;
    }

    public TwilioSessionResult Receive(TwilioMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case TwilioConnected connected:
                if (State != TwilioStreamState.AwaitingConnected)
                {
                    return TwilioSessionResult.Rejected($"connected arrived again (the stream is {Describe(State)}).");
                }

                Connected = connected;
                State = TwilioStreamState.AwaitingStart;
                return TwilioSessionResult.Accepted;

            case TwilioStart start:
                if (State == TwilioStreamState.AwaitingConnected)
                {
                    return TwilioSessionResult.Rejected("start arrived before connected.");
                }

                if (State != TwilioStreamState.AwaitingStart)
                {
                    return TwilioSessionResult.Rejected($"A second start arrived (the stream is {Describe(State)}); a stream starts once.");
                }

                Start = start;
                State = TwilioStreamState.Streaming;
                TrackSequence(start.SequenceNumber);
                return TwilioSessionResult.Accepted;

            case TwilioMark mark:
                if (RequireStreaming("mark", mark.StreamSid) is { } markRejected)
                {
                    return markRejected;
                }

                TrackSequence(mark.SequenceNumber);
                return new TwilioSessionResult(null, OnMarkEchoed(mark.Name));

            case TwilioDtmf dtmf:
                if (RequireStreaming("dtmf", dtmf.StreamSid) is { } dtmfRejected)
                {
                    return dtmfRejected;
                }

                TrackSequence(dtmf.SequenceNumber);
                return TwilioSessionResult.Accepted;

            case TwilioStop stop:
                if (RequireStreaming("stop", stop.StreamSid) is { } stopRejected)
                {
                    return stopRejected;
                }

                TrackSequence(stop.SequenceNumber);
                State = TwilioStreamState.Stopped;
                return TwilioSessionResult.Accepted;

            default:
                return TwilioSessionResult.Rejected($"Unexpected message {message.Event}.");
        }
    }

    /// <summary>Record a mark just sent, after the audio it tags. Only a started stream has a SID to send marks to.</summary>
    public void OnMarkSent(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (State is TwilioStreamState.AwaitingConnected or TwilioStreamState.AwaitingStart)
        {
            throw new InvalidOperationException("A mark can be sent only after the stream started.");
        }

        _pendingMarks.Add(name);
    }

    /// <summary>Record a clear just sent: every pending mark's audio is dropped, and its coming echo means "not heard".</summary>
    public void OnClearSent()
    {
        _clearedMarks.AddRange(_pendingMarks);
        _pendingMarks.Clear();
    }

    private TwilioMarkEcho OnMarkEchoed(string name)
    {
        var cleared = _clearedMarks.IndexOf(name);
        if (cleared >= 0)
        {
            // Echoes come in order, so a cleared mark echoed later than one before it means the earlier echo was lost;
            // either way none of that audio was heard.
            _clearedMarks.RemoveRange(0, cleared + 1);
            ClearedMarks += cleared + 1;
            return TwilioMarkEcho.Cleared;
        }

        var pending = _pendingMarks.IndexOf(name);
        if (pending >= 0)
        {
            // Audio plays in order: if this mark's audio was heard, so was the audio of any earlier mark whose echo is missing.
            _pendingMarks.RemoveRange(0, pending + 1);
            PlayedMarks += pending + 1;
            LastPlayedMark = name;
            return TwilioMarkEcho.Played;
        }

        UnknownMarkEchoes++;
        return TwilioMarkEcho.Unknown;
    }

    private TwilioSessionResult? RequireStreaming(string eventName, string? streamSid)
    {
        if (State == TwilioStreamState.Streaming)
        {
            return streamSid is null || string.Equals(streamSid, Start!.StreamSid, StringComparison.Ordinal)
                ? null
                : TwilioSessionResult.Rejected($"{eventName} for stream \"{JsonErrors.Quote(streamSid)}\" arrived on stream \"{JsonErrors.Quote(Start.StreamSid!)}\".");
        }

        return TwilioSessionResult.Rejected(State == TwilioStreamState.Stopped
            ? $"{eventName} arrived after stop."
            : $"{eventName} arrived before start.");
    }

    private void TrackSequence(long? sequenceNumber)
    {
        if (sequenceNumber is not { } number)
        {
            return;
        }

        if (LastSequenceNumber is not { } last)
        {
            LastSequenceNumber = number;
            return;
        }

        if (number <= last)
        {
            RepeatedOrLateMessages++;
            return;
        }

        if (number > last + 1)
        {
            SequenceGaps++;
            MissingMessages += number - last - 1;
        }

        LastSequenceNumber = number;
    }

    private static string Describe(TwilioStreamState state) => state switch
    {
        TwilioStreamState.AwaitingConnected => "waiting for connected",
        TwilioStreamState.AwaitingStart => "waiting for start",
        TwilioStreamState.Streaming => "already streaming",
        _ => "stopped",
    };
}
