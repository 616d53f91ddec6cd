using System.Reflection;
using CallCenter.Dialogue.Understanding;

namespace CallCenter.Tests.Understanding;

/// <summary>
/// The understanding tests are meant to measure generalization, so none of their phrasings may be a training phrase
/// (compared after normalization, so case, punctuation and fillers do not make a copy look new).
/// </summary>
public sealed class CorpusSeparationTests
{
    [Fact]
    public void Test_phrasings_are_not_copies_of_the_training_corpus()
    {
        var corpus = TrainingCorpus.Phrases().Select(p => DemoNlu.Understand(p.Text).NormalizedText).ToHashSet(StringComparer.Ordinal);
        var copies = TestPhrasings()
            .Where(text => corpus.Contains(DemoNlu.Understand(text).NormalizedText))
            .Distinct()
            .ToList();
        Assert.True(copies.Count == 0, "Test phrasings found in the training corpus: " + string.Join(" | ", copies));
    }

    [Fact]
    public void The_separation_check_sees_the_intent_phrasings()
    {
        // Guards the guard: if reflection stopped finding the InlineData rows, the test above would pass vacuously.
        Assert.Contains("has my stuff shipped", TestPhrasings());
        Assert.True(TestPhrasings().Count() > 300);
    }

    private static IEnumerable<string> TestPhrasings() =>
        typeof(IntentTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(m => m.GetCustomAttributes<InlineDataAttribute>())
            .SelectMany(a => a.GetData(null!))
            .Select(row => row[0])
            .OfType<string>();
}
