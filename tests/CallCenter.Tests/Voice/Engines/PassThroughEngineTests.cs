using CallCenter.Calls;
using CallCenter.Gateway.TurnTaking;
using CallCenter.Voice.Engines.PassThrough;

namespace CallCenter.Tests.Voice.Engines;

/// <summary>The stand-in engines the capacity benchmark selects with Voice:Engines:* = PassThrough.</summary>
public sealed class PassThroughEngineTests
{
    [Fact]
    public void An_utterance_with_audio_is_heard_as_the_configured_transcript_with_full_confidence()
    {
        var recognizer = new PassThroughRecognizer(new PassThroughOptions { Transcript = "what is your return policy" });
        using var session = recognizer.StartSession(Language.En);

        session.AcceptAudio(new short[320]);

        Assert.Null(session.Partial());
        Assert.Equal(new("what is your return policy", IsFinal: true, Confidence: 1), session.Finish());
        Assert.Equal(16000, recognizer.SampleRate);
    }

    [Fact]
    public void An_utterance_without_audio_is_heard_as_nothing()
    {
        using var session = new PassThroughRecognizer(new PassThroughOptions()).StartSession(Language.En);

        var result = session.Finish();

        Assert.Equal("", result.Text);
        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void The_default_transcript_is_an_order_status_question()
    {
        using var session = new PassThroughRecognizer(new PassThroughOptions()).StartSession(Language.En);
        session.AcceptAudio(new short[320]);

        Assert.Equal("where is my order", session.Finish().Text);
    }

    [Theory]
    [InlineData(8000, 60, "Sure, I can check that.", 23 * 480)]
    [InlineData(16000, 60, "What's your order number?", 25 * 960)]
    [InlineData(16000, 100, "  Hello.  ", 6 * 1600)]
    public async Task A_sentence_lasts_its_length_in_characters_times_the_configured_milliseconds(int rate, int msPerCharacter, string sentence, int samples)
    {
        var synthesizer = new PassThroughSynthesizer(new PassThroughOptions { SampleRate = rate, MillisecondsPerCharacter = msPerCharacter });

        var audio = await synthesizer.SynthesizeAsync(sentence, Language.En, CancellationToken.None);

        Assert.Equal(rate, synthesizer.SampleRate);
        Assert.Equal(samples, audio.Length);
    }

    [Fact]
    public async Task Each_sentence_gets_audio_of_its_own()
    {
        var synthesizer = new PassThroughSynthesizer(new PassThroughOptions());
        var first = await synthesizer.SynthesizeAsync("One sentence that is long enough to span more than one second.", Language.En, CancellationToken.None);
        var copy = (short[])first.Clone();

        Array.Clear(first); // a caller (the audio cache, the playout) owns what it was given
        var second = await synthesizer.SynthesizeAsync("One sentence that is long enough to span more than one second.", Language.En, CancellationToken.None);

        Assert.Equal(copy, second);
    }

    [Fact]
    public async Task The_audio_sounds_like_speech_to_the_gateways_voice_activity_detector()
    {
        var synthesizer = new PassThroughSynthesizer(new PassThroughOptions { SampleRate = 16000 });
        var audio = await synthesizer.SynthesizeAsync("Sure, I can check that. What's your order number?", Language.En, CancellationToken.None);
        var vad = new VoiceActivityDetector(16000, 20);
        var quiet = new short[320];
        var random = new Random(7);
        for (var frame = 0; frame < 50; frame++)
        {
            // A second of faint line noise first, so the detector knows the background.
            for (var i = 0; i < quiet.Length; i++) quiet[i] = (short)random.Next(-20, 21);
            Assert.False(vad.Process(quiet).IsVoiced);
        }

        var voiced = Enumerable.Range(0, audio.Length / 320).Count(f => vad.Process(audio.AsSpan(f * 320, 320)).IsVoiced);

        Assert.True(voiced >= audio.Length / 320 * 9 / 10, $"{voiced} of {audio.Length / 320} frames voiced");
        Assert.InRange(AudioMeasures.Rms(audio), 2000, 8000);
    }

    [Fact]
    public async Task A_cancelled_sentence_is_not_synthesized()
    {
        var synthesizer = new PassThroughSynthesizer(new PassThroughOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => synthesizer.SynthesizeAsync("Hello.", Language.En, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(22050, 60)]
    [InlineData(16000, 0)]
    public void Unsupported_settings_are_refused_at_start(int rate, int msPerCharacter)
    {
        Assert.ThrowsAny<ArgumentException>(() => new PassThroughSynthesizer(new PassThroughOptions { SampleRate = rate, MillisecondsPerCharacter = msPerCharacter }));
    }
}
