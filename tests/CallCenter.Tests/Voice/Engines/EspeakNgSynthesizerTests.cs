using CallCenter.Calls;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice.Engines;

/// <summary>The real espeak-ng library (libespeak-ng1 + espeak-ng-data), no fakes.</summary>
public sealed class EspeakNgSynthesizerTests
{
    private static readonly EspeakNgSynthesizer Synthesizer = new();

    [Fact]
    public void Speaks_at_22050_hz()
    {
        Assert.Equal(22_050, Synthesizer.SampleRate);
    }

    [Theory]
    [InlineData("Your order has shipped and should arrive on Friday.", Language.En)]
    [InlineData("您的订单已经发货，预计星期五送达。", Language.Zh)]
    public async Task Synthesizes_a_short_sentence_as_audible_speech_of_plausible_length(string sentence, Language language)
    {
        var audio = await Synthesizer.SynthesizeAsync(sentence, language, CancellationToken.None);

        var seconds = audio.Length / (double)Synthesizer.SampleRate;
        Assert.InRange(seconds, 0.5, 6);
        Assert.True(AudioMeasures.Rms(audio) > 500, $"RMS {AudioMeasures.Rms(audio):0} is near silence");
        // Speech pauses between words: some 10 ms stretches are much quieter than the loudest ones.
        var frames = Enumerable.Range(0, audio.Length / 220).Select(f => AudioMeasures.Rms(audio.AsSpan(f * 220, 220))).ToList();
        Assert.True(frames.Min() < frames.Max() / 10, "the audio has no pauses: not speech");
    }

    [Fact]
    public async Task English_and_Mandarin_voices_sound_different()
    {
        var english = await Synthesizer.SynthesizeAsync("one two three", Language.En, CancellationToken.None);
        var chinese = await Synthesizer.SynthesizeAsync("一二三", Language.Zh, CancellationToken.None);

        Assert.NotEqual(english, chinese);
    }

    [Fact]
    public async Task Concurrent_calls_from_many_threads_all_get_their_own_sentence()
    {
        string[] sentences =
        [
            "Your order has shipped.", "I have started a return for you.", "The espresso machine costs three hundred forty nine dollars.",
            "Let me connect you with an agent.", "Is there anything else I can help with?", "Thank you for calling.",
        ];
        const string chineseSentence = "请稍等，我帮您查询订单。";
        var reference = new Dictionary<string, short[]>();
        foreach (var sentence in sentences)
        {
            reference[sentence] = await Synthesizer.SynthesizeAsync(sentence, Language.En, CancellationToken.None);
        }

        // espeak-ng carries state from one sentence into the next (the same Mandarin sentence correlates at 0.82 to
        // 0.999 with itself depending on what was said before it, and the first one of a process differs most), so
        // the comparison allows for that; different sentences stay below 0.3.
        await Synthesizer.SynthesizeAsync(chineseSentence, Language.Zh, CancellationToken.None);
        var chinese = await Synthesizer.SynthesizeAsync(chineseSentence, Language.Zh, CancellationToken.None);

        // 48 requests from thread-pool threads, interleaving English and Mandarin so the voice switches back and forth.
        var requests = Enumerable.Range(0, 48).Select(i => (Sentence: sentences[i % sentences.Length], Chinese: i % 4 == 3)).ToList();
        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => r.Chinese
            ? Synthesizer.SynthesizeAsync(chineseSentence, Language.Zh, CancellationToken.None)
            : Synthesizer.SynthesizeAsync(r.Sentence, Language.En, CancellationToken.None))));

        for (var i = 0; i < requests.Count; i++)
        {
            // The sentence it asked for, in the voice it asked for: no other request's audio or voice leaked into it.
            var expected = requests[i].Chinese ? chinese : reference[requests[i].Sentence];
            AssertSameSpeech(expected, results[i], $"request {i} ({(requests[i].Chinese ? "zh" : requests[i].Sentence)})");
        }

        // The comparison tells sentences apart: the two of similar length share no contour.
        Assert.True(AudioMeasures.ContourSimilarity(reference[sentences[0]], reference[sentences[5]], Synthesizer.SampleRate) < 0.5);
    }

    [Fact]
    public async Task Cancellation_stops_a_long_text_early()
    {
        var longText = string.Join(" ", Enumerable.Repeat("Your order is on its way and will arrive in three to five business days.", 12));
        var fullLength = await Synthesizer.StreamAsync(longText, Language.En, _ => { }, CancellationToken.None);

        using var cts = new CancellationTokenSource();
        var received = 0;
        var chunksAfterCancel = 0;
        var speaking = Synthesizer.StreamAsync(longText, Language.En, chunk =>
        {
            if (cts.IsCancellationRequested) chunksAfterCancel++;
            received += chunk.Length;
            // Cancel as soon as the first audio arrives, as a barge-in would.
            cts.Cancel();
        }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => speaking);
        Assert.True(received > 0);
        Assert.True(received < fullLength / 10, $"received {received} of {fullLength} samples after cancelling");
        Assert.Equal(0, chunksAfterCancel);

        // The library is usable again right after an aborted sentence.
        var after = await Synthesizer.SynthesizeAsync("Thank you for calling.", Language.En, CancellationToken.None);
        AssertSameSpeech(await Synthesizer.SynthesizeAsync("Thank you for calling.", Language.En, CancellationToken.None), after);
    }

    private static void AssertSameSpeech(short[] expected, short[] actual, string what = "")
    {
        Assert.True(actual.Length > expected.Length * 0.95 && actual.Length < expected.Length * 1.05, $"{what}: {actual.Length} samples, expected {expected.Length}");
        var similarity = AudioMeasures.ContourSimilarity(expected, actual, Synthesizer.SampleRate);
        Assert.True(similarity > 0.7, $"{what}: loudness contours correlate at {similarity:0.000} only");
    }

    [Fact]
    public async Task A_request_cancelled_before_its_turn_produces_nothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var chunks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Synthesizer.StreamAsync("This should never be spoken.", Language.En, _ => chunks++, cts.Token));
        Assert.Equal(0, chunks);
    }

    [Fact]
    public async Task Rate_option_changes_the_speaking_speed()
    {
        var slow = new EspeakNgSynthesizer(new EspeakOptions { WordsPerMinute = 120 });
        var fast = new EspeakNgSynthesizer(new EspeakOptions { WordsPerMinute = 300 });
        const string sentence = "Your order has shipped and should arrive on Friday.";

        var slowAudio = await slow.SynthesizeAsync(sentence, Language.En, CancellationToken.None);
        var fastAudio = await fast.SynthesizeAsync(sentence, Language.En, CancellationToken.None);

        Assert.True(slowAudio.Length > fastAudio.Length * 1.5, $"120 wpm gave {slowAudio.Length} samples, 300 wpm {fastAudio.Length}");
    }

    [Fact]
    public async Task An_unknown_voice_fails_with_its_name()
    {
        var synthesizer = new EspeakNgSynthesizer(new EspeakOptions { EnglishVoice = "no-such-voice" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => synthesizer.SynthesizeAsync("Hello.", Language.En, CancellationToken.None));
        Assert.Contains("no-such-voice", error.Message);
        // The shared synthesis thread goes on with the next request.
        Assert.NotEmpty(await Synthesizer.SynthesizeAsync("Hello.", Language.En, CancellationToken.None));
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EspeakNgSynthesizer(new EspeakOptions { WordsPerMinute = 20 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EspeakNgSynthesizer(new EspeakOptions { Pitch = 101 }));
    }
}
