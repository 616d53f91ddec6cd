using CallCenter.Gateway.Audio;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Tests.Audio;

namespace CallCenter.Tests.TurnTaking;

public sealed class VoiceActivityDetectorTests
{
    public enum Background { DigitalSilence, Quiet, WhiteNoise40, PinkNoise40, Hum60, Hum50 }

    private static double[] MakeBackground(Background kind, int rate, int ms) => kind switch
    {
        Background.DigitalSilence => Signals.Silence(rate, ms),
        Background.Quiet => Signals.WhiteNoise(rate, ms, -70, seed: 21),
        Background.WhiteNoise40 => Signals.WhiteNoise(rate, ms, -40, seed: 22),
        Background.PinkNoise40 => Signals.PinkNoise(rate, ms, -40, seed: 23),
        // A hum as loud as the speech that follows it.
        Background.Hum60 => Signals.Mix(Signals.Hum(rate, ms, -25, 60), Signals.WhiteNoise(rate, ms, -65, seed: 24)),
        Background.Hum50 => Signals.Mix(Signals.Hum(rate, ms, -25, 50), Signals.WhiteNoise(rate, ms, -65, seed: 25)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<Background, int, int> Cases()
    {
        var data = new TheoryData<Background, int, int>();
        foreach (var background in Enum.GetValues<Background>())
        {
            data.Add(background, 8000, 20);
            data.Add(background, 16000, 10);
        }
        data.Add(Background.WhiteNoise40, 8000, 10);
        data.Add(Background.WhiteNoise40, 16000, 20);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Speech_bursts_are_found_in_every_background(Background background, int rate, int frameMs)
    {
        // 2 s of background, 1.2 s of speech, 1.5 s of background, 0.8 s of speech, 1.5 s of background.
        var audio = Signals.Mix(
            MakeBackground(background, rate, 7000),
            Signals.At(rate, 7000, 2000, Signals.SpeechLike(rate, 1200, -25, seed: 1)),
            Signals.At(rate, 7000, 4700, Signals.SpeechLike(rate, 800, -25, seed: 2)));

        var run = Scenario.Run(audio, rate, frameMs);

        Assert.True(run.Utterances.Count == 2, $"{background}: {run.Describe()}");
        AssertUtterance(run, 0, startMs: 2000, lengthMs: 1200);
        AssertUtterance(run, 1, startMs: 4700, lengthMs: 800);
        Assert.Equal(0, run.VoicedFramesBetween(0, 2000));
        Assert.Equal(0, run.VoicedFramesBetween(3300, 4700));
        Assert.Equal(0, run.VoicedFramesBetween(5600, 7000));
    }

    private static void AssertUtterance(Scenario run, int n, int startMs, int lengthMs)
    {
        var utterance = run.Utterances[n];
        var describe = run.Describe();
        // Syllables fade in and out, so the first and last voiced frames are a little inside the burst.
        Assert.True(utterance.StartMs >= startMs - run.FrameMs && utterance.StartMs <= startMs + 100, $"start: {describe}");
        Assert.True(utterance.DurationMs >= lengthMs - 150 && utterance.DurationMs <= lengthMs + 2 * run.FrameMs, $"duration: {describe}");
        Assert.False(utterance.Truncated);

        var started = run.EventTimeMs(TurnEventKind.SpeechStarted, n);
        Assert.True(started <= startMs + 250, $"started late: {describe}");
        var ended = run.EventTimeMs(TurnEventKind.SpeechEnded, n);
        Assert.True(ended >= startMs + lengthMs + 300 - 150 && ended <= startMs + lengthMs + 300 + run.FrameMs, $"ended: {describe}");
    }

    [Theory]
    [InlineData(Background.DigitalSilence)]
    [InlineData(Background.Quiet)]
    [InlineData(Background.WhiteNoise40)]
    [InlineData(Background.PinkNoise40)]
    [InlineData(Background.Hum60)]
    [InlineData(Background.Hum50)]
    public void Background_alone_is_never_speech(Background background)
    {
        var run = Scenario.Run(MakeBackground(background, 8000, 10_000), 8000, 20);

        Assert.DoesNotContain(run.Frames, f => f.IsVoiced || f.IsSpeech);
        Assert.Empty(run.Events);
    }

    [Fact]
    public void The_floor_follows_the_background_level()
    {
        var run = Scenario.Run(Signals.WhiteNoise(8000, 3000, -40, seed: 5), 8000, 20);
        // Within a couple of dB below the noise's level (a minimum tracker sits at the quieter frames).
        Assert.InRange(run.Frames[^1].NoiseFloorDbfs, -43, -39.5);
        Assert.InRange(run.Frames[^1].LevelDbfs, -41, -39);
    }

    [Fact]
    public void A_louder_background_stops_counting_as_speech_within_a_second_or_two()
    {
        const int rate = 8000;
        // A quiet line for 3 s, then the caller walks into traffic (30 dB louder) for 8 s; they speak at 6 s and 9 s.
        var audio = Signals.Mix(
            Signals.Concat(Signals.WhiteNoise(rate, 3000, -65, seed: 1), Signals.PinkNoise(rate, 8000, -35, seed: 2)),
            Signals.At(rate, 11_000, 6000, Signals.SpeechLike(rate, 1000, -18, seed: 3)),
            Signals.At(rate, 11_000, 9000, Signals.SpeechLike(rate, 1000, -18, seed: 4)));

        var run = Scenario.Run(audio, rate, 20);

        // The jump itself is heard as sound until it proves steady; after that the noise is background again.
        Assert.Equal(0, run.VoicedFramesBetween(0, 3000));
        Assert.Equal(0, run.VoicedFramesBetween(4500, 6000));
        Assert.Equal(0, run.VoicedFramesBetween(7100, 9000));
        // The floor has moved up to the new noise (measured after the high-pass filter, which takes some of pink noise's lows).
        var noiseLevel = run.Frames.Skip(5000 / 20).Take(50).Average(f => f.LevelDbfs);
        Assert.InRange(noiseLevel, -42, -35);
        Assert.InRange(run.Frames[5900 / 20].NoiseFloorDbfs, noiseLevel - 3, noiseLevel + 0.5);

        // Both utterances are found, as utterances of their own.
        Assert.Equal(3, run.Utterances.Count);
        Assert.True(run.Utterances[0].StartMs >= 3000 && run.Utterances[0].StartMs + run.Utterances[0].DurationMs <= 4500, run.Describe());
        Assert.InRange(run.Utterances[1].StartMs, 6000, 6100);
        Assert.InRange(run.Utterances[2].StartMs, 9000, 9100);
    }

    [Fact]
    public void A_quieter_background_lets_a_quiet_caller_through_at_once()
    {
        const int rate = 8000;
        // A loud line (-35 dBFS) for 4 s, then a quiet one (-65 dBFS, the next caller); a soft-spoken caller
        // at -45 dBFS (below the old noise) speaks half a second after the change.
        var audio = Signals.Mix(
            Signals.Concat(Signals.PinkNoise(rate, 4000, -35, seed: 1), Signals.WhiteNoise(rate, 3000, -65, seed: 2)),
            Signals.At(rate, 7000, 4500, Signals.SpeechLike(rate, 1000, -45, seed: 3)));

        var run = Scenario.Run(audio, rate, 20);

        var utterance = Assert.Single(run.Utterances);
        Assert.InRange(utterance.StartMs, 4500, 4600);
        Assert.InRange(utterance.DurationMs, 850, 1040);
    }

    [Theory]
    [InlineData(-45.0, -65.0)] // a quiet caller on a quiet line
    [InlineData(-8.0, -40.0)]  // a loud caller on a noisy line
    [InlineData(-30.0, -48.0)] // 18 dB SNR
    public void Callers_of_different_levels_are_heard(double speechDbfs, double noiseDbfs)
    {
        const int rate = 16000;
        var audio = Signals.Mix(
            Signals.WhiteNoise(rate, 4000, noiseDbfs, seed: 8),
            Signals.At(rate, 4000, 1500, Signals.SpeechLike(rate, 1500, speechDbfs, seed: 9)));

        var run = Scenario.Run(audio, rate, 20);

        var utterance = Assert.Single(run.Utterances);
        Assert.InRange(utterance.StartMs, 1480, 1600);
        Assert.InRange(utterance.DurationMs, 1350, 1540);
    }

    [Fact]
    public void A_hum_louder_than_the_speech_does_not_hide_it()
    {
        const int rate = 8000;
        // The high-pass filter takes most of a 60 Hz hum away before the level is measured.
        var audio = Signals.Mix(
            Signals.Hum(rate, 5000, -18, 60),
            Signals.At(rate, 5000, 2000, Signals.SpeechLike(rate, 1500, -24, seed: 6)));

        var run = Scenario.Run(audio, rate, 20);

        var utterance = Assert.Single(run.Utterances);
        Assert.InRange(utterance.StartMs, 1980, 2100);
    }

    [Fact]
    public void A_steady_tone_becomes_background_but_a_new_word_over_it_is_heard()
    {
        const int rate = 8000;
        // A 1 kHz tone (a dial tone left on, a fan's whine) starts at 1 s and stays: heard at first, then background.
        var audio = Signals.Mix(
            Signals.WhiteNoise(rate, 8000, -60, seed: 1),
            Signals.At(rate, 8000, 1000, Signals.Sine(rate, 1000, 7000, -30)),
            Signals.At(rate, 8000, 5000, Signals.SpeechLike(rate, 1000, -15, seed: 2)));

        var run = Scenario.Run(audio, rate, 20);

        Assert.Equal(0, run.VoicedFramesBetween(2500, 5000));
        Assert.Contains(run.Utterances, u => u.StartMs >= 5000 && u.StartMs <= 5100);
    }

    [Fact]
    public void A_dropout_of_digital_silence_does_not_make_the_noise_speech()
    {
        const int rate = 8000;
        // Packet loss on a noisy line: 200 ms of zeros in the middle of -40 dBFS noise.
        var audio = Signals.Concat(
            Signals.WhiteNoise(rate, 2000, -40, seed: 1),
            Signals.Silence(rate, 200),
            Signals.WhiteNoise(rate, 2000, -40, seed: 2));

        var run = Scenario.Run(audio, rate, 20);

        Assert.DoesNotContain(run.Frames, f => f.IsVoiced);
    }

    [Fact]
    public void Hangover_holds_speech_for_the_configured_time_after_the_last_voiced_frame()
    {
        // Without the high-pass filter, whose ringing would make the frame after a sudden stop slightly loud too.
        var options = new VoiceActivityOptions { HangoverMs = 100, HighPassHz = 0 };
        var vad = new VoiceActivityDetector(8000, 20, options);
        var loud = Signals.ToPcm(Signals.WhiteNoise(8000, 20, -20, seed: 1));
        var silent = Signals.ToPcm(Signals.WhiteNoise(8000, 20, -70, seed: 2));

        vad.Process(silent);
        vad.Process(silent);
        Assert.True(vad.Process(loud).IsVoiced);
        var after = Enumerable.Range(0, 8).Select(_ => vad.Process(silent)).ToList();

        Assert.All(after, f => Assert.False(f.IsVoiced));
        Assert.Equal([true, true, true, true, true, false, false, false], after.Select(f => f.IsSpeech));
    }

    [Fact]
    public void Reset_forgets_the_line()
    {
        var vad = new VoiceActivityDetector(8000, 20);
        var noisy = Signals.ToPcm(Signals.WhiteNoise(8000, 2000, -30, seed: 3));
        var first = Signals.Frames(noisy, 160).Select(f => vad.Process(f)).ToList();
        vad.Reset();
        Assert.Equal(Pcm16.SilenceDbfs, vad.NoiseFloorDbfs);
        var second = Signals.Frames(noisy, 160).Select(f => vad.Process(f)).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Bad_frames_and_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new VoiceActivityDetector(22050, 10)); // 220.5 samples
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityDetector(8000, 20, new VoiceActivityOptions { ContinueMarginDb = 12, StartMarginDb = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityDetector(8000, 20, new VoiceActivityOptions { HangoverMs = -1 }));
        var vad = new VoiceActivityDetector(16000, 10);
        Assert.Equal(160, vad.FrameSamples);
        Assert.Throws<ArgumentException>(() => vad.Process(new short[320]));
    }
}
