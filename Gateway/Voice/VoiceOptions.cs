namespace CallCenter.Gateway.Voice;

/// <summary>Configuration section "Voice".</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>20 ms frames batched into one recognizer call: fewer grain calls, at most this many frames of added delay.</summary>
    public int FramesPerAsrBatch { get; set; } = 3;

    /// <summary>Letter put before keypad digits to make an order number.</summary>
    public string DtmfOrderPrefix { get; set; } = "A";
}
