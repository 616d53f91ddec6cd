using CallCenter.Crm;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Says which store policy a question is about (returns, shipping, hours, warranty) from its key words, and whether an
/// utterance asks about time ("when", "几点"), which turns "when can I talk to a person" from a transfer request into
/// a question about opening hours.
/// </summary>
internal sealed class PolicyTopicExtractor
{
    // Processed word forms (after synonyms and stemming), as the feature extractor produces them.
    private static readonly (string Topic, string[] Words, string[] Chinese)[] Topics =
    [
        (PolicyTopics.Warranty, ["warranty", "repair"], ["保修", "维修", "保换"]),
        (PolicyTopics.Hours, ["hours", "open", "clos", "weekend", "weekday", "holiday", "sunday", "saturday", "oclock"], ["营业", "几点", "上班", "下班", "周末", "节假日", "在线时间", "工作时间", "服务时间"]),
        (PolicyTopics.Returns, ["return", "returns", "refund", "refunds", "exchang"], ["退货", "退款", "退换", "换货", "退"]),
        (PolicyTopics.Shipping, ["ship", "delivery", "postage", "courier", "express", "carrier", "freight", "international", "overnight"], ["运费", "包邮", "配送", "发货", "快递", "物流", "送货", "邮寄"]),
    ];

    private static readonly HashSet<string> TimeWords = new(StringComparer.Ordinal)
    {
        "when", "hours", "open", "clos", "time", "weekend", "weekday", "holiday", "tonight", "tomorrow", "sunday", "saturday", "monday", "until", "oclock",
    };

    private static readonly string[] ChineseTimeWords = ["几点", "什么时候", "时间", "上班", "下班", "营业", "周末", "节假日", "在线", "明天", "晚上", "早上"];

    private static readonly HashSet<string> LimitWords = new(StringComparer.Ordinal) { "howlong", "within", "window", "deadline", "limit", "after" };
    private static readonly string[] ChineseLimitWords = ["几天", "多少天", "多久", "期限", "天内", "之内", "多长时间", "以内"];

    private static readonly string[] ChineseAgentWords = ["人工", "客服"];

    private static readonly string[] PolicyWords = ["policy"];
    private static readonly string[] ChinesePolicyWords = ["政策", "规定", "规则", "条款"];

    /// <summary>The topic named by key words, or null. The first topic in priority order wins a tie.</summary>
    public string? Find(UtteranceFeatures utterance)
    {
        foreach (var (topic, words, chinese) in Topics)
        {
            foreach (var w in utterance.Words) if (Array.IndexOf(words, w) >= 0) return topic;
            foreach (var run in utterance.ChineseRuns) foreach (var c in chinese) if (run.Contains(c, StringComparison.Ordinal)) return topic;
        }
        return null;
    }

    public bool AsksAboutTime(UtteranceFeatures utterance)
    {
        foreach (var w in utterance.Words) if (TimeWords.Contains(w)) return true;
        foreach (var run in utterance.ChineseRuns) foreach (var c in ChineseTimeWords) if (run.Contains(c, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Asks how long something is allowed to take or be done ("how many days do I have", "几天之内").</summary>
    public bool AsksAboutTimeLimit(UtteranceFeatures utterance)
    {
        foreach (var w in utterance.Words) if (LimitWords.Contains(w)) return true;
        foreach (var run in utterance.ChineseRuns) foreach (var c in ChineseLimitWords) if (run.Contains(c, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool MentionsAgent(UtteranceFeatures utterance)
    {
        foreach (var w in utterance.Words) if (w == "human") return true;
        foreach (var run in utterance.ChineseRuns) foreach (var c in ChineseAgentWords) if (run.Contains(c, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool AsksForRefund(UtteranceFeatures utterance) => Mentions(utterance, ["refund", "return"], ["退款", "退货"]);

    public bool SaysCancel(UtteranceFeatures utterance) => Mentions(utterance, ["cancel"], ["取消"]);

    private static bool Mentions(UtteranceFeatures utterance, string[] words, string[] chinese)
    {
        foreach (var w in utterance.Words) if (Array.IndexOf(words, w) >= 0) return true;
        foreach (var run in utterance.ChineseRuns) foreach (var c in chinese) if (run.Contains(c, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool MentionsPolicy(UtteranceFeatures utterance)
    {
        foreach (var w in utterance.Words) if (Array.IndexOf(PolicyWords, w) >= 0) return true;
        foreach (var run in utterance.ChineseRuns) foreach (var c in ChinesePolicyWords) if (run.Contains(c, StringComparison.Ordinal)) return true;
        return false;
    }
}
