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

    /// <summary>The voice connection of the call, told when the call waits for a person, gets one, or goes back to the AI.</summary>
    [Alias("AttachVoice")]
    Task AttachVoiceAsync(Voice.IVoiceConnection connection);

    /// <summary>The voice connection is going away: the call tells it nothing more.</summary>
    [Alias("DetachVoice")]
    Task DetachVoiceAsync(Voice.IVoiceConnection connection);

    /// <summary>A chat connection that wants the agent's messages and notices pushed to it while it is open.</summary>
    [Alias("Listen")]
    Task ListenAsync(Llm.IReplyListener listener);

    /// <summary>What an agent needs to take the call over: transcript, entities, emotion curve, summary, suggestions.</summary>
    [Alias("GetContext")]
    Task<Agents.CallContext> GetContextAsync();

    [Alias("AgentJoined")]
    Task<Agents.CallContext> AgentJoinedAsync(string agentId, string agentName);

    /// <summary>The agent's reply, typed: recorded, and the caller sees it (chat) or hears it synthesized (voice).</summary>
    [Alias("AgentSays")]
    Task AgentSaysAsync(string agentId, string text);

    /// <summary>What the agent said on a voice call, transcribed from their microphone: the caller has heard it already.</summary>
    [Alias("AgentSpoke")]
    Task AgentSpokeAsync(string agentId, string text);

    [Alias("HandBackToAi")]
    Task HandBackToAiAsync(string agentId);

    [Alias("CloseByAgent")]
    Task CloseByAgentAsync(string agentId, Agents.Disposition disposition, string? note);

    /// <summary>
    /// The Gateway process holding the call's connection (a voice line, a chat WebSocket) says it still does, and renews
    /// this well within the lease it returns. A call whose holder stops renewing for a whole lease (the process died, and
    /// the caller's connection with it) is ended with the outcome dropped, its transcript kept. A new holder takes the call
    /// over (a chat client that reconnected through another Gateway). Throws <see cref="CallEndedException"/> once the call
    /// has ended: the holder stops renewing.
    /// </summary>
    [Alias("Hold")]
    Task<TimeSpan> HoldAsync(string holder);

    /// <summary>The holder closed its connection without ending the call (a chat socket closed): the call has no lease any more.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string holder);

    /// <summary>The agent dropped out mid-call: the caller goes back to the front of the queue.</summary>
    [Alias("ReturnToQueue")]
    Task ReturnToQueueAsync(string agentId);

    /// <summary>Retention: deletes the call's state (transcript and all). From then on the id is unknown.</summary>
    [Alias("Purge")]
    Task PurgeAsync();
}
