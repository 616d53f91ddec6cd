namespace CallCenter.Calls;

/// <summary>One customer conversation, keyed by call id. Owns the dialogue state, the emotion score and the transcript.</summary>
[Alias("ICallGrain")]
public interface ICallGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task<CallStarted> StartAsync(StartCall request);

    /// <summary>Handles one caller utterance and returns the bot's reply.</summary>
    [Alias("HandleCallerInput")]
    Task<TurnResult> HandleCallerInputAsync(CallerInput input);

    /// <summary>Barge-in: the caller cut the bot's last reply short; <paramref name="heard"/> is what was played of it.</summary>
    [Alias("RecordInterruption")]
    Task RecordInterruptionAsync(string heard);

    /// <summary>Attaches the measured voice latency to the last caller turn.</summary>
    [Alias("RecordVoiceLatency")]
    Task RecordVoiceLatencyAsync(VoiceLatency latency);

    [Alias("GetSnapshot")]
    Task<CallSnapshot> GetSnapshotAsync();

    /// <summary>Ends the call. Idempotent: hanging up an ended call returns its final snapshot.</summary>
    [Alias("HangUp")]
    Task<CallSnapshot> HangUpAsync();
}
