namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Drops hesitations and politeness that change neither the intent nor the answer ("um", "please", "嗯", "请问"), so
/// "um, where is my order please" and "where is my order" share a cache entry. An utterance that is nothing but filler
/// keeps its words: "嗯" on its own is an answer.
/// </summary>
internal sealed class FillerRemover
{
    private static readonly HashSet<string> EnglishFillers = new(StringComparer.Ordinal)
    {
        "um", "umm", "ummm", "uh", "uhh", "uhm", "er", "erm", "ah", "ahh", "hmm", "hmmm", "hm", "mm", "mmm",
        "please", "pls", "plz", "kindly", "just", "actually", "basically", "literally",
    };

    // Modal particles and hesitations; removed wherever they appear inside a run of Chinese.
    private static readonly string[] ChineseAnywhere = ["一下", "嗯", "呃", "啊", "呀", "哎", "唉", "哦", "噢", "嘛", "呢", "吧"];

    // Politeness openers; only at the start of a run, since "请" and "麻烦" also occur inside words (申请, 太麻烦了).
    private static readonly string[] ChinesePrefixes = ["请问", "麻烦你", "麻烦您", "麻烦", "请"];

    public List<Token> Remove(List<Token> tokens)
    {
        var output = new List<Token>(tokens.Count);
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Word && EnglishFillers.Contains(t.Text)) continue;
            if (t.Kind == TokenKind.Cjk)
            {
                var text = StripChinese(t.Text);
                if (text.Length == 0) continue;
                output.Add(t with { Text = text });
                continue;
            }
            output.Add(t);
        }
        return output.Count == 0 ? tokens : output;
    }

    private static string StripChinese(string text)
    {
        foreach (var prefix in ChinesePrefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length) { text = text[prefix.Length..]; break; }
        foreach (var filler in ChineseAnywhere)
            if (text.Contains(filler, StringComparison.Ordinal)) text = text.Replace(filler, "", StringComparison.Ordinal);
        return text;
    }
}
