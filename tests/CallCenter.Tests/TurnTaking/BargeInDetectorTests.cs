using CallCenter.Gateway.Audio;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Tests.Audio;

namespace CallCenter.Tests.TurnTaking;

public sealed class BargeInDetectorTests
{
    private const int Rate = 8000;
    private const int FrameMs = 20;
    private const int CallMs = 5000;

    // The bot's TTS at a typical level, talking for the whole 5 s.
    private static readonly double[] Bot = Signals.SpeechLike(Rate, CallMs, -24, seed: 100);

    private static double[] Line(params double[][] parts) =>
        Signals.Mix([Signals.WhiteNoise(Rate, CallMs, -60, seed: 101), .. parts]);

    /// <summary>Runs the caller's line through a VAD and the detector while the bot plays; returns one decision per frame.</summary>
    private static List<BargeInDecision> Run(double[] callerLine, double[] bot, Func<int, bool>? botSpeakingAt = null, BargeInOptions? options = null) =>
        Run(callerLine, bot, out _, botSpeakingAt, options);

    private static List<BargeInDecision> Run(double[] callerLine, double[] bot, out int voicedFrames, Func<int, bool>? botSpeakingAt = null, BargeInOptions? options = null)
    {
        var vad = new VoiceActivityDetector(Rate, FrameMs);
        var detector = new BargeInDetector(FrameMs, options);
        var caller = Signals.Frames(Signals.ToPcm(callerLine), vad.FrameSamples).ToList();
        var played = Signals.Frames(Signals.ToPcm(bot), vad.FrameSamples).ToList();
        var decisions = new List<BargeInDecision>();
        voicedFrames = 0;
        for (var i = 0; i < caller.Count; i++)
        {
            var speaking = botSpeakingAt?.Invoke(i * FrameMs) ?? true;
            var botLevel = speaking && i < played.Count ? Pcm16.Dbfs(played[i]) : Pcm16.SilenceDbfs;
            var activity = vad.Process(caller[i]);
            voicedFrames += activity.IsVoiced ? 1 : 0;
            decisions.Add(detector.Process(activity, speaking, botLevel));
        }
        return decisions;
    }

    private static int? InterruptAtMs(List<BargeInDecision> decisions)
    {
        var frame = decisions.IndexOf(BargeInDecision.Interrupt);
        return frame < 0 ? null : (frame + 1) * FrameMs;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Caller_speech_of_300ms_interrupts_at_about_250ms(bool withEcho)
    {
        var echo = withEcho ? Signals.Echo(Rate, Bot, 120, 12) : Signals.Silence(Rate, CallMs);
        var line = Line(echo, Signals.At(Rate, CallMs, 2000, Signals.Burst(Rate, 300, -16, seed: 1)));

        var decisions = Run(line, Bot);

        Assert.InRange(InterruptAtMs(decisions) ?? -1, 2250, 2300);
        Assert.Single(decisions, d => d == BargeInDecision.Interrupt);
        Assert.Equal(BargeInDecision.Candidate, decisions[2100 / FrameMs]);
    }

    [Theory]
    [InlineData(150, -12.0)]
    [InlineData(200, -10.0)]
    [InlineData(100, -6.0)]
    public void A_cough_does_not_interrupt(int ms, double levelDbfs)
    {
        var line = Line(Signals.Echo(Rate, Bot, 120, 12), Signals.At(Rate, CallMs, 2000, Signals.Burst(Rate, ms, levelDbfs, seed: 2, voiced: false)));

        var decisions = Run(line, Bot);

        Assert.Contains(BargeInDecision.Candidate, decisions); // it was heard over the bot...
        Assert.DoesNotContain(BargeInDecision.Interrupt, decisions); // ...and judged too short
    }

    [Theory]
    [InlineData(0, 6.0)]
    [InlineData(40, 6.0)]
    [InlineData(130, 8.0)]
    [InlineData(120, 10.0)]
    [InlineData(180, 15.0)]
    [InlineData(60, 25.0)]
    public void The_bots_own_echo_does_not_interrupt(int delayMs, double echoReturnLossDb)
    {
        var line = Line(Signals.Echo(Rate, Bot, delayMs, echoReturnLossDb));

        var decisions = Run(line, Bot, out var voicedFrames);

        // The echo is well above the line's noise, so the VAD hears it (a third or more of the 250 frames); the
        // detector discounts every frame of it.
        Assert.True(voicedFrames >= 80, $"only {voicedFrames} voiced frames");
        Assert.All(decisions, d => Assert.Equal(BargeInDecision.None, d));
    }

    [Fact]
    public void Without_the_echo_reference_the_same_echo_would_interrupt()
    {
        // The control for the test above: the echo is loud enough to be taken for speech if the bot's level is unknown.
        var line = Line(Signals.Echo(Rate, Bot, 120, 10));

        var decisions = Run(line, bot: Signals.Silence(Rate, CallMs));

        Assert.NotNull(InterruptAtMs(decisions));
    }

    [Theory]
    [InlineData(120, 10.0)]
    [InlineData(60, 6.0)]
    public void Real_caller_speech_louder_than_the_echo_interrupts(int delayMs, double echoReturnLossDb)
    {
        var line = Line(
            Signals.Echo(Rate, Bot, delayMs, echoReturnLossDb),
            Signals.At(Rate, CallMs, 2000, Signals.SpeechLike(Rate, 1000, -16, seed: 3)));

        var decisions = Run(line, Bot);

        Assert.InRange(InterruptAtMs(decisions) ?? -1, 2250, 2500);
    }

    [Fact]
    public void Speech_quieter_than_the_bot_counts_only_where_the_bot_is_quiet()
    {
        // The bot talks for 1.5 s, pauses between sentences (still its turn) for 1.5 s, then talks again.
        var bot = Signals.Concat(Signals.SpeechLike(Rate, 1500, -20, seed: 4), Signals.Silence(Rate, 1500), Signals.SpeechLike(Rate, 2000, -20, seed: 5));
        var quietCaller = Signals.SpeechLike(Rate, 600, -32, seed: 6);

        var overLoudBot = Run(Line(Signals.Echo(Rate, bot, 100, 10), Signals.At(Rate, CallMs, 500, quietCaller)), bot);
        var inThePause = Run(Line(Signals.Echo(Rate, bot, 100, 10), Signals.At(Rate, CallMs, 2000, quietCaller)), bot);

        Assert.Null(InterruptAtMs(overLoudBot));
        Assert.InRange(InterruptAtMs(inThePause) ?? -1, 2250, 2500);
    }

    [Fact]
    public void Echo_arriving_later_than_the_delay_tolerance_interrupts_unless_the_tolerance_covers_it()
    {
        // One second of bot speech and then a pause; the echo comes back 500 ms late.
        var bot = Signals.Concat(Signals.SpeechLike(Rate, 1000, -20, seed: 7), Signals.Silence(Rate, 4000));
        var line = Line(Signals.Echo(Rate, bot, 500, 6));

        Assert.NotNull(InterruptAtMs(Run(line, bot, options: new BargeInOptions { EchoDelayToleranceMs = 200 })));
        Assert.Null(InterruptAtMs(Run(line, bot, options: new BargeInOptions { EchoDelayToleranceMs = 600 })));
    }

    [Fact]
    public void Speech_while_the_bot_is_silent_is_a_turn_not_an_interruption()
    {
        var line = Line(Signals.At(Rate, CallMs, 1000, Signals.SpeechLike(Rate, 2000, -16, seed: 8)));

        var decisions = Run(line, Signals.Silence(Rate, CallMs), botSpeakingAt: _ => false);

        Assert.All(decisions, d => Assert.Equal(BargeInDecision.None, d));
    }

    [Fact]
    public void Interrupt_is_reported_once_per_bot_turn()
    {
        // The caller talks through two bot turns (1 s of bot silence between them).
        var line = Line(Signals.At(Rate, CallMs, 500, Signals.SpeechLike(Rate, 4000, -14, seed: 9)));

        var decisions = Run(line, Signals.Silence(Rate, CallMs), botSpeakingAt: t => t < 2000 || t >= 3000);

        var interrupts = decisions.Select((d, i) => (d, ms: i * FrameMs)).Where(x => x.d == BargeInDecision.Interrupt).Select(x => x.ms).ToList();
        Assert.Equal(2, interrupts.Count);
        Assert.InRange(interrupts[0], 500, 2000);
        Assert.InRange(interrupts[1], 3000, 3500);
    }

    [Fact]
    public void The_count_toward_an_interruption_is_visible_and_gaps_restart_it()
    {
        var detector = new BargeInDetector(20, new BargeInOptions { MinBargeInMs = 250, MaxGapMs = 60 });
        var speech = new VoiceActivity(true, true, -15, -60, 20);
        var silence = new VoiceActivity(false, false, -60, -60, 20);

        Assert.Equal(BargeInDecision.Candidate, detector.Process(speech, true, -30));
        Assert.Equal(BargeInDecision.Candidate, detector.Process(speech, true, -30));
        Assert.Equal(40, detector.CallerSpeechMs);
        for (var i = 0; i < 4; i++)
        {
            detector.Process(silence, true, -30); // 80 ms: longer than MaxGapMs
        }
        Assert.Equal(0, detector.CallerSpeechMs);

        var decisions = Enumerable.Range(0, 13).Select(_ => detector.Process(speech, true, -30)).ToList();
        Assert.Equal(BargeInDecision.Interrupt, decisions[^1]); // 13 × 20 = 260 ms ≥ 250
        Assert.All(decisions[..^1], d => Assert.Equal(BargeInDecision.Candidate, d));
        Assert.True(detector.Interrupted);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BargeInDetector(20, new BargeInOptions { MinBargeInMs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BargeInDetector(20, new BargeInOptions { EchoReturnLossDb = -3 }));
        var detector = new BargeInDetector(20);
        Assert.Throws<ArgumentException>(() => detector.Process(new VoiceActivity(true, true, -20, -60, 10), true, -20));
    }
}
