using CallCenter.Crm;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice.Engines;

[Collection(SpeechCollection.Name)]
public sealed class DomainGrammarTests
{
    private static readonly PronouncingDictionary Cmudict = PronouncingDictionary.Load(new PocketSphinxOptions().DictionaryPath);

    [Fact]
    public void Every_word_of_the_grammar_is_pronounceable()
    {
        var grammar = DomainGrammar.Build(SpeechFixture.DemoCatalog, Cmudict);

        var words = DomainGrammar.WordsOf(grammar.Jsgf).Distinct().ToList();
        Assert.True(words.Count > 200, $"only {words.Count} words");
        Assert.All(words, w => Assert.True(Cmudict.Contains(w) || grammar.AddedWords.ContainsKey(w), $"'{w}' has no pronunciation"));
        Assert.StartsWith("#JSGF V1.0;", grammar.Jsgf);
        Assert.Single(grammar.Jsgf.Split('\n'), line => line.StartsWith("public ", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_names_become_spoken_words()
    {
        var grammar = DomainGrammar.Build(SpeechFixture.DemoCatalog, Cmudict);

        Assert.Equal(
            [
                "aerobuds pro wireless earbuds", "aerobuds lite wireless earbuds", "nimbus four k smart tv fifty five inch",
                "trail runner x running shoes", "brewmaster espresso machine", "kinetic smartwatch s two",
            ],
            grammar.ProductPhrases);
    }

    [Fact]
    public void Brand_words_missing_from_the_dictionary_are_pronounced_as_their_parts()
    {
        var grammar = DomainGrammar.Build(SpeechFixture.DemoCatalog, Cmudict);

        Assert.False(Cmudict.Contains("aerobuds"));
        Assert.Equal("EH R OW B AH D Z", grammar.AddedWords["aerobuds"]);
        Assert.Equal(Cmudict.PhonesOf("smart") + " " + Cmudict.PhonesOf("watch"), grammar.AddedWords["smartwatch"]);
        Assert.Equal(["aerobuds", "brewmaster", "earbuds", "smartwatch"], grammar.AddedWords.Keys.Order());
    }

    [Fact]
    public void Names_that_cannot_be_composed_are_spelled_and_numbers_are_read()
    {
        var grammar = DomainGrammar.Build([new Product("P1", "Qxzv Hub 300", "", 1, "USD", 1), new Product("P2", "X200", "", 1, "USD", 1)], Cmudict);

        Assert.Equal(["q x z v hub three hundred", "x two hundred"], grammar.ProductPhrases);
    }

    [Fact]
    public void Product_alternatives_never_make_a_lone_number_or_generic_word_a_product()
    {
        var grammar = DomainGrammar.Build(SpeechFixture.DemoCatalog, Cmudict);
        var rule = grammar.Jsgf.Split('\n').Single(l => l.StartsWith("<product_name> = ", StringComparison.Ordinal));
        var alternatives = rule["<product_name> = ".Length..].TrimEnd(';').Split(" | ");

        Assert.Contains("aerobuds pro", alternatives);
        Assert.Contains("espresso machine", alternatives);
        Assert.Contains("smartwatch s two", alternatives);
        Assert.DoesNotContain("inch", alternatives);
        Assert.DoesNotContain("fifty five inch", alternatives);
        Assert.DoesNotContain("s two", alternatives);
        Assert.DoesNotContain("smart", alternatives);
    }

    [Fact]
    public void An_empty_catalog_still_gives_a_grammar_PocketSphinx_accepts()
    {
        var grammar = DomainGrammar.Build([], Cmudict);
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { MaxDecoders = 1 }, grammar);

        recognizer.WarmUp();

        Assert.Empty(grammar.ProductPhrases);
        Assert.Equal(1, recognizer.DecodersCreated);
    }
}
