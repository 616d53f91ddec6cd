namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Expands English contractions and common chat spellings ("don't", "dont", "wanna", "u") into full words, so the
/// classifier and the answer cache see one form for "where's my order" and "where is my order".
/// </summary>
internal sealed class ContractionExpander
{
    private static readonly Dictionary<string, string[]> Whole = new(StringComparer.Ordinal)
    {
        ["won't"] = ["will", "not"], ["wont"] = ["will", "not"], ["can't"] = ["can", "not"], ["cant"] = ["can", "not"],
        ["cannot"] = ["can", "not"], ["ain't"] = ["is", "not"], ["aint"] = ["is", "not"], ["shan't"] = ["shall", "not"],
        ["let's"] = ["let", "us"], ["dont"] = ["do", "not"], ["doesnt"] = ["does", "not"], ["didnt"] = ["did", "not"],
        ["isnt"] = ["is", "not"], ["arent"] = ["are", "not"], ["wasnt"] = ["was", "not"], ["werent"] = ["were", "not"],
        ["havent"] = ["have", "not"], ["hasnt"] = ["has", "not"], ["hadnt"] = ["had", "not"], ["wouldnt"] = ["would", "not"],
        ["couldnt"] = ["could", "not"], ["shouldnt"] = ["should", "not"], ["im"] = ["i", "am"], ["ive"] = ["i", "have"],
        ["youre"] = ["you", "are"], ["thats"] = ["that", "is"], ["whats"] = ["what", "is"], ["wheres"] = ["where", "is"],
        ["hows"] = ["how", "is"], ["whens"] = ["when", "is"], ["whos"] = ["who", "is"], ["theres"] = ["there", "is"],
        ["heres"] = ["here", "is"], ["gonna"] = ["going", "to"], ["wanna"] = ["want", "to"], ["gotta"] = ["got", "to"],
        ["dunno"] = ["do", "not", "know"], ["gimme"] = ["give", "me"], ["lemme"] = ["let", "me"], ["u"] = ["you"],
        ["ur"] = ["your"], ["cuz"] = ["because"], ["coz"] = ["because"], ["tho"] = ["though"], ["wat"] = ["what"],
        ["wut"] = ["what"], ["thru"] = ["through"], ["ya'll"] = ["you", "all"], ["y'all"] = ["you", "all"],
    };

    // "'s" after these is "is"; after anything else it is a possessive and is dropped ("tom's order" → "tom order").
    private static readonly HashSet<string> IsContractors = new(StringComparer.Ordinal)
    {
        "it", "that", "what", "where", "there", "here", "who", "how", "when", "he", "she", "this", "why", "everything", "nothing", "which", "one", "let",
    };

    private static readonly (string Suffix, string Word)[] Suffixes =
        [("'re", "are"), ("'m", "am"), ("'ll", "will"), ("'ve", "have"), ("'d", "would")];

    public List<Token> Expand(List<Token> tokens)
    {
        var output = new List<Token>(tokens.Count + 4);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Word) { output.Add(t); continue; }
            // A lone letter before digits is an order prefix ("u 1001"), not chat spelling.
            var beforeDigits = i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Number;
            if (Whole.TryGetValue(t.Text, out var words) && !(t.Text.Length == 1 && beforeDigits))
            {
                Add(output, t, words);
                continue;
            }
            if (!t.Text.Contains('\'')) { output.Add(t); continue; }
            var parts = Split(t.Text);
            // "it's been", "she's got": the 's is "has", which matters for "it has been a week".
            if (parts is [_, "is"] && i + 1 < tokens.Count && tokens[i + 1].Text is "been" or "got" or "gotten") parts[1] = "has";
            Add(output, t, parts);
        }
        return output;
    }

    private static string[] Split(string text)
    {
        if (text.EndsWith("n't", StringComparison.Ordinal) && text.Length > 3) return [text[..^3], "not"];
        if (text.EndsWith("'s", StringComparison.Ordinal))
        {
            var stem = text[..^2];
            return IsContractors.Contains(stem) ? (stem == "let" ? ["let", "us"] : [stem, "is"]) : [stem.Replace("'", "")];
        }
        foreach (var (suffix, word) in Suffixes)
            if (text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > suffix.Length) return [text[..^suffix.Length], word];
        return [text.Replace("'", "")];
    }

    private static void Add(List<Token> output, Token original, string[] words)
    {
        for (var k = 0; k < words.Length; k++)
            output.Add(original with { Text = words[k], Gap = k == 0 ? original.Gap : TokenGap.Space });
    }
}
