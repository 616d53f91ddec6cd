using System.Diagnostics.Metrics;

namespace CallCenter.Gateway.Voice;

/// <summary>The Gateway's voice instruments, in the engine's meter "CallCenter" (exported at /metrics).</summary>
public sealed class VoiceMetrics
{
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _bargeIns;
    private readonly Counter<long> _connections;
    private long _active;

    public VoiceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("CallCenter");
        _latency = meter.CreateHistogram<double>("callcenter.voice.latency", "ms",
            "Per spoken turn, by stage: speech_end_to_transcript, transcript_to_reply, reply_to_first_audio, voice_to_voice.");
        _bargeIns = meter.CreateCounter<long>("callcenter.voice.barge_ins", "{interruption}", "Bot replies the caller interrupted.");
        _connections = meter.CreateCounter<long>("callcenter.voice.connections", "{connection}", "Media connections accepted, by protocol.");
        meter.CreateObservableGauge("callcenter.voice.active", () => Volatile.Read(ref _active), "{call}", "Voice calls connected to this gateway.");
    }

    public void Connected(string protocol)
    {
        _connections.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
        Interlocked.Increment(ref _active);
    }

    public void Disconnected() => Interlocked.Decrement(ref _active);

    public void BargeIn() => _bargeIns.Add(1);

    public void Latency(CallCenter.Calls.VoiceLatency latency)
    {
        _latency.Record(latency.SpeechEndToTranscriptMs, new KeyValuePair<string, object?>("stage", "speech_end_to_transcript"));
        _latency.Record(latency.TranscriptToReplyMs, new KeyValuePair<string, object?>("stage", "transcript_to_reply"));
        _latency.Record(latency.ReplyToFirstAudioMs, new KeyValuePair<string, object?>("stage", "reply_to_first_audio"));
        _latency.Record(latency.VoiceToVoiceMs, new KeyValuePair<string, object?>("stage", "voice_to_voice"));
    }
}
