using System.Runtime.InteropServices;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Tests.Audio;

namespace CallCenter.Tests.TurnTaking;

public sealed class UtteranceSegmenterTests
{
    private const int Rate = 16000;

    /// <summary>Runs the audio through a segmenter; returns the batches of each utterance, in order.</summary>
    private static List<List<short[]>> Segment(double[] audio, int framesPerBatch = 3)
    {
        var segmenter = new UtteranceSegmenter(Rate, 20, framesPerBatch, new TurnTakingOptions());
        var utterances = new List<List<short[]>>();
        var current = new List<short[]>();
        foreach (var frame in Signals.Frames(Signals.ToPcm(audio), segmenter.FrameSamples))
        {
            var step = segmenter.Process(frame);
            if (step.Batch is { } batch)
            {
                current.Add(MemoryMarshal.Cast<byte, short>(batch).ToArray());
            }

            if (step.Ended)
            {
                utterances.Add(current);
                current = [];
            }
        }

        Assert.Empty(current); // every batch handed out belongs to an utterance that ended
        return utterances;
    }

    [Fact]
    public void An_utterance_is_handed_out_in_batches_with_the_audio_from_before_its_start()
    {
        var speech = Signals.SpeechLike(Rate, 1200, -20, seed: 3);
        var audio = Signals.Concat(Signals.Silence(Rate, 600), speech, Signals.Silence(Rate, 800));

        var utterance = Assert.Single(Segment(audio));

        var samples = utterance.SelectMany(b => b).ToArray();
        // All the speech is there: the pre-roll holds what came before the detector was sure, and the end-of-speech
        // silence follows it.
        Assert.True(samples.Length >= speech.Length, $"{samples.Length} samples for {speech.Length} of speech");
        var firstSpeech = Signals.ToPcm(speech)[..320];
        Assert.True(IndexOf(samples, firstSpeech) >= 0, "the first 20 ms of speech were lost");
        // The first batch carries the pre-roll; the rest are the configured three frames, except what was left when the
        // speaker paused (the recognizer may start its final decoding then) and at the end.
        Assert.All(utterance.Skip(1), b => Assert.InRange(b.Length, 1, 3 * 320));
        Assert.True(utterance.Skip(1).Count(b => b.Length == 3 * 320) >= utterance.Count - 4);
    }

    [Fact]
    public void After_a_pause_nothing_more_is_sent_unless_the_speaker_goes_on_and_then_the_pause_is_sent_too()
    {
        // EarlyDecodeMs 100, EndOfSpeechMs 300 (the defaults): a 200 ms gap is a pause within the utterance.
        var first = Signals.SpeechLike(Rate, 700, -20, seed: 5);
        var second = Signals.SpeechLike(Rate, 600, -20, seed: 6);
        var audio = Signals.Concat(Signals.Silence(Rate, 400), first, Signals.Silence(Rate, 200), second, Signals.Silence(Rate, 900));
        var segmenter = new UtteranceSegmenter(Rate, 20, 3, new TurnTakingOptions());
        var sentAfterPause = new List<int>();
        var sent = 0;
        var pauses = 0;
        var ended = false;
        foreach (var frame in Signals.Frames(Signals.ToPcm(audio), segmenter.FrameSamples))
        {
            var step = segmenter.Process(frame);
            sent += step.Batch?.Length / 2 ?? 0;
            if (step.Paused)
            {
                pauses++;
                sentAfterPause.Add(sent);
            }

            ended |= step.Ended;
            if (step.Ended)
            {
                Assert.Null(step.Batch); // the silence after the last pause: held back, then dropped
            }
        }

        Assert.True(ended);
        Assert.True(pauses >= 2, $"{pauses} pauses"); // at least the gap and after the last word (syllables may pause too)
        // Each pause's held silence went out when the speaker went on, so nothing of the utterance is missing; after the
        // last pause, nothing.
        Assert.Equal(sentAfterPause[^1], sent);
        var total = Signals.ToPcm(audio).Length;
        var fromFirstSpeech = total - (400 * Rate / 1000) - (900 * Rate / 1000);
        Assert.True(sent >= fromFirstSpeech, $"{sent} samples sent; the speech and the gap are {fromFirstSpeech}");
    }

    [Fact]
    public void Two_utterances_with_a_pause_between_them_are_two()
    {
        var audio = Signals.Concat(
            Signals.Silence(Rate, 400), Signals.SpeechLike(Rate, 800, -20, seed: 1), Signals.Silence(Rate, 900),
            Signals.SpeechLike(Rate, 700, -20, seed: 2), Signals.Silence(Rate, 900));

        Assert.Equal(2, Segment(audio).Count);
    }

    [Fact]
    public void Silence_and_steady_background_noise_are_no_utterance()
    {
        Assert.Empty(Segment(Signals.Concat(Signals.Silence(Rate, 1000), Signals.PinkNoise(Rate, 3000, -55, seed: 4))));
    }

    private static int IndexOf(short[] haystack, short[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
