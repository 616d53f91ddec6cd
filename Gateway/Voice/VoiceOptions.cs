namespace CallCenter.Gateway.Voice;

/// <summary>Configuration section "Voice".</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>20 ms frames batched into one recognizer call: fewer grain calls, at most this many frames of added delay.</summary>
    public int FramesPerAsrBatch { get; set; } = 3;

    /// <summary>
    /// Transcribe the agent's microphone on bridged voice calls into the call's transcript (agent turns), so history,
    /// summary and the labeling export hold both sides. Costs a recognizer decoder while the agent speaks.
    /// </summary>
    public bool TranscribeAgents { get; set; } = true;

    /// <summary>Letter put before keypad digits to make an order number.</summary>
    public string DtmfOrderPrefix { get; set; } = "A";
}
