namespace CallCenter.Gateway.TurnTaking;

/// <summary>
/// Turn-taking on voice calls: when the caller is speaking, when they have finished, and when they interrupt the
/// bot. Configuration section "Voice:TurnTaking" (subsections "Vad", "EndOfTurn", "BargeIn").
/// </summary>
public sealed record TurnTakingOptions
{
    public const string Section = "Voice:TurnTaking";

    /// <summary>Voice activity detection on each caller frame.</summary>
    public VoiceActivityOptions Vad { get; init; } = new();

    /// <summary>Start and end of a caller utterance.</summary>
    public EndOfTurnOptions EndOfTurn { get; init; } = new();

    /// <summary>Caller speech while the bot is talking.</summary>
    public BargeInOptions BargeIn { get; init; } = new();
}

/// <summary>Energy voice activity detection with an adaptive noise floor (<see cref="VoiceActivityDetector"/>).</summary>
public sealed record VoiceActivityOptions
{
    /// <summary>
    /// A frame this many dB above the background noise floor starts speech. 10 dB keeps steady noise out (its frames
    /// vary by about ±1 dB) while normal speech, 15–30 dB above a phone line's noise, gets in.
    /// </summary>
    public double StartMarginDb { get; init; } = 10;

    /// <summary>
    /// Once speech has started, frames this many dB above the floor continue it. Lower than the start margin
    /// (hysteresis) so the quieter ends of words do not chop an utterance.
    /// </summary>
    public double ContinueMarginDb { get; init; } = 6;

    /// <summary>
    /// Frames quieter than this are never speech, however quiet the line. Stops the detector from hearing the faint
    /// noise of an otherwise silent line as speech. Telephone speech is typically −35 to −15 dBFS.
    /// </summary>
    public double MinSpeechLevelDbfs { get; init; } = -55;

    /// <summary>
    /// How long speech is still reported after the last frame above the threshold. Bridges the short dips between
    /// syllables; end of turn is decided separately (<see cref="EndOfTurnOptions.EndOfSpeechMs"/>).
    /// </summary>
    public int HangoverMs { get; init; } = 100;

    /// <summary>
    /// How fast (dB per second) the noise floor may rise under a louder signal that keeps changing (speech). Slow, so
    /// that a long utterance barely lifts the floor. The floor falls quickly (about 50 ms time constant) whenever the
    /// level drops below it.
    /// </summary>
    public double NoiseFloorRiseDbPerSecond { get; init; } = 2;

    /// <summary>
    /// A level that stays within ±3 dB for this long is background, not speech (a hum, a fan, a caller who moved to
    /// a noisier place, a new line): the floor then moves to it within about 100 ms. Speech is never this steady
    /// because syllables rise and fall several times a second.
    /// </summary>
    public int StationaryNoiseMs { get; init; } = 600;

    /// <summary>
    /// Cut-off of the high-pass filter applied before measuring the level. Removes DC offset and mains hum (50/60 Hz,
    /// about 20 dB down at 200 Hz) that would otherwise mask speech; telephone speech has little energy below 300 Hz.
    /// 0 turns the filter off.
    /// </summary>
    public double HighPassHz { get; init; } = 200;

    internal void Validate()
    {
        Require(StartMarginDb is > 0 and <= 40, nameof(StartMarginDb), "must be in (0, 40] dB");
        Require(ContinueMarginDb > 0 && ContinueMarginDb <= StartMarginDb, nameof(ContinueMarginDb), "must be in (0, StartMarginDb] dB");
        Require(MinSpeechLevelDbfs is >= -100 and <= 0, nameof(MinSpeechLevelDbfs), "must be in [-100, 0] dBFS");
        Require(HangoverMs is >= 0 and <= 2000, nameof(HangoverMs), "must be in [0, 2000] ms");
        Require(NoiseFloorRiseDbPerSecond is > 0 and <= 100, nameof(NoiseFloorRiseDbPerSecond), "must be in (0, 100] dB/s");
        Require(StationaryNoiseMs is >= 100 and <= 60_000, nameof(StationaryNoiseMs), "must be in [100, 60000] ms");
        Require(HighPassHz is >= 0 and <= 1000, nameof(HighPassHz), "must be in [0, 1000] Hz");
    }

    internal static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, $"{TurnTakingOptions.Section}: {name} {rule}.");
        }
    }
}

/// <summary>When a caller utterance starts and ends (<see cref="TurnDetector"/>).</summary>
public sealed record EndOfTurnOptions
{
    /// <summary>
    /// Voiced frames must add up to this much (short pauses between them allowed, up to
    /// <see cref="EndOfSpeechMs"/>) before they are an utterance. Shorter sounds (a click, a bump of the handset, a
    /// smack of the lips) are ignored.
    /// </summary>
    public int MinSpeechMs { get; init; } = 100;

    /// <summary>
    /// Silence after the last speech frame that ends the utterance. Shorter answers faster but cuts callers off when
    /// they pause mid-sentence; 250–400 ms is typical for phone bots.
    /// </summary>
    public int EndOfSpeechMs { get; init; } = 300;

    /// <summary>
    /// Silence after the last speech frame at which the caller is taken to have probably finished: the recognizer starts
    /// its final decoding of the utterance so far (<see cref="TurnEventKind.SpeechPaused"/>), in the time left until
    /// <see cref="EndOfSpeechMs"/>, and the result is ready when the turn ends. Speech before then makes it wasted work.
    /// 0 turns it off; it must be below <see cref="EndOfSpeechMs"/>.
    /// </summary>
    public int EarlyDecodeMs { get; init; } = 100;

    /// <summary>
    /// An utterance is ended after this long even if the caller has not paused (it then reports
    /// <see cref="TurnEvent.Truncated"/>), so a recognizer is never fed an endless segment by a noisy line.
    /// </summary>
    public int MaxUtteranceMs { get; init; } = 30_000;

    internal void Validate()
    {
        VoiceActivityOptions.Require(MinSpeechMs is >= 0 and <= 2000, nameof(MinSpeechMs), "must be in [0, 2000] ms");
        VoiceActivityOptions.Require(EndOfSpeechMs is >= 20 and <= 5000, nameof(EndOfSpeechMs), "must be in [20, 5000] ms");
        VoiceActivityOptions.Require(EarlyDecodeMs >= 0 && EarlyDecodeMs < EndOfSpeechMs, nameof(EarlyDecodeMs), "must be in [0, EndOfSpeechMs) ms");
        VoiceActivityOptions.Require(MaxUtteranceMs >= 1000 && MaxUtteranceMs > MinSpeechMs, nameof(MaxUtteranceMs), "must be at least 1000 ms");
    }
}

/// <summary>When caller speech during the bot's speech is an interruption (<see cref="BargeInDetector"/>).</summary>
public sealed record BargeInOptions
{
    /// <summary>
    /// Caller speech must last this long while the bot is talking to interrupt it. Long enough to ignore a cough, a
    /// "hm" or a bump of the handset; short enough that the caller is not talked over for long.
    /// </summary>
    public int MinBargeInMs { get; init; } = 250;

    /// <summary>
    /// The smallest attenuation assumed between the bot's audio and its echo on the caller's line (echo return loss).
    /// Caller audio no louder than the bot's recent level minus this is taken to be echo. 6 dB is the minimum hybrid
    /// ERL telephone networks are designed for (ITU-T G.168), and the threshold of the classic Geigel double-talk
    /// detector. Raise it where the echo is known to be weak (a browser with echo cancellation) to let quieter
    /// callers interrupt; lower it for loud acoustic echo (speakerphones).
    /// </summary>
    public double EchoReturnLossDb { get; init; } = 6;

    /// <summary>
    /// How far back the bot's playback level is considered when judging echo: the echo comes back later than the
    /// audio that caused it (network round trip and jitter buffers). Echo arriving later than this can interrupt.
    /// </summary>
    public int EchoDelayToleranceMs { get; init; } = 200;

    /// <summary>
    /// A pause in the caller's speech shorter than this does not restart the count toward
    /// <see cref="MinBargeInMs"/> (the dips between syllables, frames masked by the bot's echo).
    /// </summary>
    public int MaxGapMs { get; init; } = 120;

    internal void Validate()
    {
        VoiceActivityOptions.Require(MinBargeInMs is >= 20 and <= 5000, nameof(MinBargeInMs), "must be in [20, 5000] ms");
        VoiceActivityOptions.Require(EchoReturnLossDb is >= 0 and <= 60, nameof(EchoReturnLossDb), "must be in [0, 60] dB");
        VoiceActivityOptions.Require(EchoDelayToleranceMs is >= 0 and <= 2000, nameof(EchoDelayToleranceMs), "must be in [0, 2000] ms");
        VoiceActivityOptions.Require(MaxGapMs is >= 0 and <= 1000, nameof(MaxGapMs), "must be in [0, 1000] ms");
    }
}
