using CallCenter.Gateway.TurnTaking;
using CallCenter.Tests.Audio;

namespace CallCenter.Tests.TurnTaking;

/// <summary>Runs caller audio frame by frame through a VAD and a turn detector and keeps what they said.</summary>
internal sealed class Scenario
{
    public required int FrameMs { get; init; }

    public List<VoiceActivity> Frames { get; } = [];

    /// <summary>Turn events with the index of the frame that produced them.</summary>
    public List<(int Frame, TurnEvent Event)> Events { get; } = [];

    public static Scenario Run(double[] audio, int rate, int frameMs, TurnTakingOptions? options = null)
    {
        options ??= new TurnTakingOptions();
        var vad = new VoiceActivityDetector(rate, frameMs, options.Vad);
        var turns = new TurnDetector(options.EndOfTurn);
        var scenario = new Scenario { FrameMs = frameMs };
        foreach (var frame in Signals.Frames(Signals.ToPcm(audio), vad.FrameSamples))
        {
            var activity = vad.Process(frame);
            scenario.Frames.Add(activity);
            var turn = turns.Process(activity);
            if (turn.Kind != TurnEventKind.None)
            {
                scenario.Events.Add((scenario.Frames.Count - 1, turn));
            }
        }
        return scenario;
    }

    /// <summary>Complete utterances: (start ms, end event frame, event).</summary>
    public List<TurnEvent> Utterances => Events.Where(e => e.Event.Kind == TurnEventKind.SpeechEnded).Select(e => e.Event).ToList();

    public List<TurnEvent> Starts => Events.Where(e => e.Event.Kind == TurnEventKind.SpeechStarted).Select(e => e.Event).ToList();

    /// <summary>Stream time (ms) at the end of the frame that produced the n-th event of a kind.</summary>
    public int EventTimeMs(TurnEventKind kind, int n) => (Events.Where(e => e.Event.Kind == kind).ElementAt(n).Frame + 1) * FrameMs;

    public int VoicedFramesBetween(int fromMs, int toMs) =>
        Frames.Skip(fromMs / FrameMs).Take((toMs - fromMs) / FrameMs).Count(f => f.IsVoiced);

    public string Describe() => string.Join(" ", Events.Select(e => $"{e.Event.Kind}@{(e.Frame + 1) * FrameMs}ms(start {e.Event.StartMs}, {e.Event.DurationMs} ms)"));
}
