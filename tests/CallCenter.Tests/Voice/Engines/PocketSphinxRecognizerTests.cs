using CallCenter.Calls;
using CallCenter.Tests.Understanding;
using CallCenter.Voice;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice.Engines;

/// <summary>
/// espeak-ng speaks, PocketSphinx with the domain grammar listens: the real libraries end to end. The assertions check
/// what a caller would: the words that carry the request, and that the dialogue brain's understanding gets the intent.
/// </summary>
[Collection(SpeechCollection.Name)]
public sealed class PocketSphinxRecognizerTests(SpeechFixture speech)
{
    [Theory]
    [InlineData("where is my order", new[] { "where", "order" }, Intent.OrderStatus)]
    [InlineData("I want to return my order", new[] { "return", "order" }, Intent.ReturnRequest)]
    [InlineData("cancel order a one zero zero three", new[] { "cancel", "order", "one zero zero three" }, Intent.CancelOrder)]
    [InlineData("how much are the aero buds pro", new[] { "how much", "aerobuds pro" }, Intent.ProductInfo)]
    [InlineData("talk to a human", new[] { "talk", "human" }, Intent.HumanAgent)]
    public async Task Recognizes_domain_sentences_spoken_by_espeak(string sentence, string[] keyWords, Intent intent)
    {
        var result = await speech.RoundTripAsync(sentence);

        Assert.True(result.IsFinal);
        foreach (var word in keyWords)
        {
            Assert.True(result.Text.Contains(word, StringComparison.Ordinal), $"'{word}' missing from '{result.Text}' ({result.Confidence})");
        }

        Assert.True(result.Confidence >= speech.Recognizer.Options.GrammarMinConfidence,
            $"'{result.Text}' has confidence {result.Confidence}, below the grammar's minimum");
        Assert.Equal(intent, DemoNlu.Understand(result.Text).Intent);
    }

    [Fact]
    public async Task The_spoken_order_number_reaches_the_brain_as_an_order_entity()
    {
        var result = await speech.RoundTripAsync("cancel order a one zero zero three");

        Assert.Equal(["A1003"], DemoNlu.Understand(result.Text).Values(EntityTypes.OrderNumber));
    }

    [Fact]
    public async Task Speech_outside_the_grammar_falls_back_to_the_free_language_model_with_lower_confidence()
    {
        var inGrammar = await speech.RoundTripAsync("where is my order");
        var free = await speech.RoundTripAsync("my cat likes to sleep on the sofa");

        Assert.False(string.IsNullOrWhiteSpace(free.Text));
        Assert.True(free.Confidence < speech.Recognizer.Options.GrammarMinConfidence, $"'{free.Text}' has confidence {free.Confidence}");
        Assert.True(free.Confidence <= speech.Recognizer.Options.FreeSpeechMaxConfidence);
        Assert.True(free.Confidence < inGrammar.Confidence);
        // The free model heard the sentence's own words, not domain words forced onto it.
        Assert.Contains("sofa", free.Text);
    }

    [Fact]
    public async Task Partial_results_are_not_final_and_grow_with_the_audio()
    {
        var audio = await speech.SpeakAsync("i want to check the status of my order");
        await Task.Run(() =>
        {
            using var session = speech.Recognizer.StartSession(Language.En);
            Assert.Null(session.Partial());

            session.AcceptAudio(audio.AsSpan(0, audio.Length / 2));
            var half = session.Partial();
            session.AcceptAudio(audio.AsSpan(audio.Length / 2));
            var whole = session.Partial();
            var final = session.Finish();

            Assert.NotNull(half);
            Assert.NotNull(whole);
            Assert.False(half.IsFinal);
            Assert.False(whole.IsFinal);
            Assert.StartsWith("i want", half.Text);
            Assert.True(whole.Text.Split(' ').Length > half.Text.Split(' ').Length, $"'{half.Text}' then '{whole.Text}'");
            Assert.Contains("status of my order", final.Text);
        });
    }

    [Fact]
    public async Task The_final_decoding_started_at_a_pause_is_the_final_result_and_is_redone_when_the_caller_goes_on()
    {
        var question = await speech.SpeakAsync("where is my order");
        var more = await speech.SpeakAsync("cancel order a one zero zero three");
        await Task.Run(() =>
        {
            RecognitionResult Decode(bool pause, params short[][] parts)
            {
                using var session = speech.Recognizer.StartSession(Language.En);
                session.AcceptAudio(parts[0]);
                if (pause) session.PrepareFinish();
                foreach (var part in parts.Skip(1)) session.AcceptAudio(part);
                return session.Finish();
            }

            // Nothing came after the pause: the early decoding is the result, as if decoded at the end.
            Assert.Equal(Decode(pause: false, question), Decode(pause: true, question));

            // The caller went on after the pause: the final result covers everything they said.
            var wentOn = Decode(pause: true, question, more);
            Assert.Contains("one zero zero three", wentOn.Text);
        });
    }

    [Fact]
    public void A_session_without_audio_finishes_empty_without_a_decoder()
    {
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions(), DomainGrammar.Build(SpeechFixture.DemoCatalog));
        using var session = recognizer.StartSession(Language.En);

        Assert.Equal(new RecognitionResult("", true, 0), session.Finish());
        Assert.Equal(0, recognizer.DecodersCreated);
    }

    [Fact]
    public async Task A_finished_session_keeps_its_result_and_takes_no_more_audio()
    {
        var audio = await speech.SpeakAsync("yes please");
        await Task.Run(() =>
        {
            using var session = speech.Recognizer.StartSession(Language.En);
            session.AcceptAudio(audio);
            var first = session.Finish();

            Assert.Same(first, session.Finish());
            Assert.Throws<InvalidOperationException>(() => session.AcceptAudio(audio));
        });
    }

    [Fact]
    public void Chinese_recognition_is_refused_with_a_pointer_to_a_cloud_engine()
    {
        var error = Assert.Throws<NotSupportedException>(() => speech.Recognizer.StartSession(Language.Zh));

        Assert.Contains("Chinese", error.Message);
        Assert.Contains("Azure Speech", error.Message);
    }

    /// <summary>"SoundWave" is not in the dictionary: the decoder also learns the composed word (ps_add_word) on the fly.</summary>
    [Fact]
    public async Task A_new_catalog_reaches_the_decoders()
    {
        var catalog = SpeechFixture.DemoCatalog.Append(new CallCenter.Crm.Product("P900", "SoundWave blender", "SoundWave 搅拌机", 79, "USD", 5)).ToList();
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { MaxDecoders = 1 }, DomainGrammar.Build(SpeechFixture.DemoCatalog));
        var before = await speech.RoundTripAsync("how much is the sound wave blender", recognizer);

        recognizer.UpdateGrammar(DomainGrammar.Build(catalog));
        var after = await speech.RoundTripAsync("how much is the sound wave blender", recognizer);

        var minimum = recognizer.Options.GrammarMinConfidence;
        Assert.False(before.Text.Contains("soundwave blender") && before.Confidence >= minimum, $"before the update: '{before.Text}' ({before.Confidence})");
        Assert.Contains("soundwave blender", after.Text);
        Assert.True(after.Confidence >= minimum, $"after the update: '{after.Text}' ({after.Confidence})");
        Assert.Equal(1, recognizer.DecodersCreated);
    }

    [Fact]
    public void A_missing_model_is_reported_when_the_recognizer_is_built()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new PocketSphinxRecognizer(
            new PocketSphinxOptions { ModelDirectory = "/nonexistent/model" }, DomainGrammar.Build(SpeechFixture.DemoCatalog)));

        Assert.Contains("pocketsphinx-en-us", error.Message);
    }
}
