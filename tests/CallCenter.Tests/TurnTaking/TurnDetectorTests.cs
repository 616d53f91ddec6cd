using CallCenter.Gateway.TurnTaking;
using CallCenter.Tests.Audio;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Tests.TurnTaking;

public sealed class TurnDetectorTests
{
    /// <summary>
    /// Feeds a pattern of voiced ('#') and unvoiced ('.') frames; returns the start and end events (pauses too when
    /// asked) with their frame index.
    /// </summary>
    private static List<(int Frame, TurnEvent Event)> Feed(TurnDetector detector, string pattern, int frameMs, bool withPauses = false)
    {
        var events = new List<(int, TurnEvent)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var voiced = pattern[i] == '#';
            var result = detector.Process(new VoiceActivity(voiced, voiced, voiced ? -20 : -60, -60, frameMs));
            if (result.Kind != TurnEventKind.None && (withPauses || result.Kind != TurnEventKind.SpeechPaused))
            {
                events.Add((i, result));
            }
        }
        return events;
    }

    [Fact]
    public void A_pause_of_the_early_decode_time_is_reported_once_before_the_end()
    {
        var detector = new TurnDetector(new EndOfTurnOptions { EndOfSpeechMs = 300, EarlyDecodeMs = 100 });
        // Speech, a 120 ms pause (paused, not ended), speech again, then silence (paused, then ended).
        var events = Feed(detector, "...." + new string('#', 20) + "......" + new string('#', 10) + new string('.', 30), 20, withPauses: true);

        Assert.Equal(
            [TurnEventKind.SpeechStarted, TurnEventKind.SpeechPaused, TurnEventKind.SpeechPaused, TurnEventKind.SpeechEnded],
            events.Select(e => e.Event.Kind));
        Assert.Equal(4 + 20 - 1 + 5, events[1].Frame); // the 5th silent frame completes 100 ms
        Assert.Equal(4 + 20 + 6 + 10 - 1 + 5, events[2].Frame);
        Assert.Equal(4 + 20 + 6 + 10 - 1 + 15, events[3].Frame);
    }

    [Fact]
    public void No_pause_is_reported_when_early_decoding_is_off()
    {
        var detector = new TurnDetector(new EndOfTurnOptions { EarlyDecodeMs = 0 });
        var events = Feed(detector, "...." + new string('#', 20) + new string('.', 30), 20, withPauses: true);
        Assert.DoesNotContain(events, e => e.Event.Kind == TurnEventKind.SpeechPaused);
        Assert.Equal(2, events.Count);
    }

    [Theory]
    [InlineData(20, 300, 15)]
    [InlineData(20, 250, 13)] // 12.5 frames: the 13th completes 250 ms
    [InlineData(20, 400, 20)]
    [InlineData(10, 300, 30)]
    [InlineData(10, 250, 25)]
    [InlineData(10, 400, 40)]
    public void Speech_ends_after_the_configured_silence_counted_in_frames(int frameMs, int endOfSpeechMs, int silentFrames)
    {
        var detector = new TurnDetector(new EndOfTurnOptions { EndOfSpeechMs = endOfSpeechMs });
        const int voicedFrames = 40;
        var events = Feed(detector, "....." + new string('#', voicedFrames) + new string('.', 100), frameMs);

        Assert.Equal(2, events.Count);
        var (startFrame, started) = events[0];
        Assert.Equal(TurnEventKind.SpeechStarted, started.Kind);
        Assert.Equal(5 * frameMs, started.StartMs);
        Assert.Equal(5 + 100 / frameMs - 1, startFrame); // after MinSpeechMs (100 ms) of speech

        var (endFrame, ended) = events[1];
        Assert.Equal(TurnEventKind.SpeechEnded, ended.Kind);
        Assert.Equal(5 + voicedFrames - 1 + silentFrames, endFrame);
        Assert.Equal(5 * frameMs, ended.StartMs);
        Assert.Equal(voicedFrames * frameMs, ended.DurationMs);
        Assert.False(ended.Truncated);
        Assert.False(detector.InUtterance);
    }

    [Fact]
    public void A_pause_shorter_than_the_end_of_speech_silence_keeps_one_utterance()
    {
        var detector = new TurnDetector(); // 300 ms
        var events = Feed(detector, "#########" + new string('.', 14) + "#########" + new string('.', 20), 20);

        Assert.Equal([TurnEventKind.SpeechStarted, TurnEventKind.SpeechEnded], events.Select(e => e.Event.Kind));
        Assert.Equal((9 + 14 + 9) * 20, events[1].Event.DurationMs);
    }

    [Fact]
    public void A_pause_as_long_as_the_end_of_speech_silence_splits_utterances()
    {
        var detector = new TurnDetector();
        var events = Feed(detector, "#########" + new string('.', 15) + "#########" + new string('.', 20), 20);

        Assert.Equal(
            [TurnEventKind.SpeechStarted, TurnEventKind.SpeechEnded, TurnEventKind.SpeechStarted, TurnEventKind.SpeechEnded],
            events.Select(e => e.Event.Kind));
        Assert.Equal(24 * 20, events[2].Event.StartMs);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("####")]           // 80 ms
    [InlineData("##..##")]         // 80 ms of sound within a short pause
    [InlineData("##" + "...............##")] // two clicks further apart than the end-of-speech silence
    public void Blips_shorter_than_the_minimum_speech_are_ignored(string blip)
    {
        var detector = new TurnDetector(); // MinSpeechMs 100
        var events = Feed(detector, "....." + blip + new string('.', 40), 20);

        Assert.Empty(events);
        Assert.False(detector.InUtterance);
    }

    [Fact]
    public void A_short_first_syllable_counts_toward_the_start_and_dates_it()
    {
        var detector = new TurnDetector();
        // "I ... want": 60 ms, a 120 ms pause, then more speech.
        var events = Feed(detector, "..........###......#####" + new string('.', 30), 20);

        Assert.Equal(TurnEventKind.SpeechStarted, events[0].Event.Kind);
        Assert.Equal(10 * 20, events[0].Event.StartMs);
        Assert.Equal(19 + 1, events[0].Frame); // 3 + 2 voiced frames = 100 ms
    }

    [Fact]
    public void An_endless_utterance_is_cut_at_the_maximum_length()
    {
        var detector = new TurnDetector(new EndOfTurnOptions { MaxUtteranceMs = 2000 });
        var events = Feed(detector, new string('#', 250), 20);

        Assert.Equal(TurnEventKind.SpeechEnded, events[1].Event.Kind);
        Assert.True(events[1].Event.Truncated);
        Assert.Equal(2000, events[1].Event.DurationMs);
        Assert.Equal(99, events[1].Frame);
        // Speech going on is a new utterance.
        Assert.Equal(TurnEventKind.SpeechStarted, events[2].Event.Kind);
        Assert.Equal(2000, events[2].Event.StartMs);
    }

    [Fact]
    public void Reset_forgets_an_utterance_in_progress()
    {
        var detector = new TurnDetector();
        Feed(detector, "##########", 20);
        Assert.True(detector.InUtterance);

        detector.Reset();
        Assert.False(detector.InUtterance);
        Assert.Equal(0, detector.ElapsedMs);
        Assert.Empty(Feed(detector, new string('.', 50), 20));
    }

    [Fact]
    public void Real_audio_ends_exactly_the_configured_silence_after_the_last_voiced_frame()
    {
        foreach (var endOfSpeechMs in new[] { 250, 300, 400 })
        {
            var options = new TurnTakingOptions { EndOfTurn = new EndOfTurnOptions { EndOfSpeechMs = endOfSpeechMs } };
            var audio = Signals.Mix(
                Signals.WhiteNoise(8000, 4000, -55, seed: 1),
                Signals.At(8000, 4000, 1000, Signals.SpeechLike(8000, 1500, -20, seed: 2)));

            var run = Scenario.Run(audio, 8000, 20, options);

            var lastVoiced = run.Frames.FindLastIndex(f => f.IsVoiced);
            var end = run.Events.Single(e => e.Event.Kind == TurnEventKind.SpeechEnded);
            Assert.Equal(lastVoiced + (endOfSpeechMs + 19) / 20, end.Frame);
            Assert.Equal((lastVoiced + 1) * 20 - end.Event.StartMs, end.Event.DurationMs);
        }
    }

    [Theory]
    [InlineData(40, -15.0)]
    [InlineData(60, -10.0)]
    public void A_click_or_bump_on_the_line_is_not_an_utterance(int ms, double levelDbfs)
    {
        // Placed on a frame boundary, so the blip covers ms / 20 frames.
        var audio = Signals.Mix(
            Signals.WhiteNoise(8000, 3000, -55, seed: 3),
            Signals.At(8000, 3000, 1000, Signals.Burst(8000, ms, levelDbfs, seed: 4, voiced: false)));

        var run = Scenario.Run(audio, 8000, 20);

        Assert.True(run.Frames.Any(f => f.IsVoiced), "the blip should be heard");
        Assert.Empty(run.Events);
    }

    [Fact]
    public void A_short_word_is_an_utterance()
    {
        // "No." (200 ms).
        var audio = Signals.Mix(
            Signals.WhiteNoise(8000, 3000, -55, seed: 3),
            Signals.At(8000, 3000, 1000, Signals.Burst(8000, 200, -20, seed: 4)));

        var run = Scenario.Run(audio, 8000, 20);

        var utterance = Assert.Single(run.Utterances);
        Assert.InRange(utterance.DurationMs, 160, 220);
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Voice:TurnTaking:EndOfTurn:EndOfSpeechMs"] = "350",
                ["Voice:TurnTaking:Vad:StartMarginDb"] = "12",
                ["Voice:TurnTaking:BargeIn:MinBargeInMs"] = "300",
            })
            .Build();

        var options = configuration.GetSection(TurnTakingOptions.Section).Get<TurnTakingOptions>();

        Assert.NotNull(options);
        Assert.Equal(350, options.EndOfTurn.EndOfSpeechMs);
        Assert.Equal(12, options.Vad.StartMarginDb);
        Assert.Equal(300, options.BargeIn.MinBargeInMs);
        // Everything not configured keeps its default.
        Assert.Equal(new EndOfTurnOptions().MinSpeechMs, options.EndOfTurn.MinSpeechMs);
        Assert.Equal(new VoiceActivityOptions().ContinueMarginDb, options.Vad.ContinueMarginDb);
        Assert.Equal(new BargeInOptions().EchoReturnLossDb, options.BargeIn.EchoReturnLossDb);
    }

    [Fact]
    public void Nonsense_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnDetector(new EndOfTurnOptions { EndOfSpeechMs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnDetector(new EndOfTurnOptions { MinSpeechMs = -5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnDetector(new EndOfTurnOptions { MaxUtteranceMs = 500 }));
    }
}
