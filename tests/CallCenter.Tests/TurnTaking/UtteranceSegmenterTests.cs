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
