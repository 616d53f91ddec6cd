namespace CallCenter.Gateway.Voice;

/// <summary>
/// The transport side of one voice call, implemented by each media endpoint (Twilio Media Streams, Asterisk
/// AudioSocket, the raw PCM WebSocket). The session hands it 20 ms frames at <see cref="SampleRate"/>, already paced
/// at real time; the link encodes them for its wire format.
/// </summary>
public interface IMediaLink
{
    /// <summary>The rate the link's audio is in, both ways (8000 for telephony; 8000 or 16000 for apps).</summary>
    int SampleRate { get; }

    ValueTask SendAudioAsync(short[] frame, CancellationToken cancellationToken);

    /// <summary>Barge-in: drop whatever the far end still has buffered of the bot's audio (Twilio "clear").</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken);

    /// <summary>Transcripts, replies, emotion and status for clients that show them; links that cannot ignore them.</summary>
    ValueTask SendEventAsync(VoiceEvent voiceEvent, CancellationToken cancellationToken);
}

/// <summary>What happened in a voice call, for the clients that display it (the softphone page).</summary>
public abstract record VoiceEvent
{
    public sealed record Started(string CallId, string Greeting) : VoiceEvent;
    public sealed record Transcript(string Text, bool Final) : VoiceEvent;
    public sealed record Reply(string Text) : VoiceEvent;
    public sealed record Emotion(double Score, double Trend) : VoiceEvent;
    public sealed record Status(CallCenter.Calls.CallStatus Value) : VoiceEvent;
    public sealed record Cleared : VoiceEvent;
}
