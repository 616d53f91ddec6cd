using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// The few decisions that are clearer as rules than as statistics, applied around the classifier:
/// an utterance that only carries an entity is ProvideInfo; a bare "yes"/"no" is Affirm/Deny; a question about when
/// people are available is about opening hours, not a transfer; anything that says "policy" is a policy question;
/// and nothing below the confidence threshold is guessed at.
/// </summary>
internal sealed class IntentRules(PolicyTopicExtractor topics)
{
    /// <summary>Below this blended similarity the best intent is a guess, so the turn is NotUnderstood.</summary>
    public const double MinScore = 0.30;

    /// <summary>The threshold when the utterance names an order, product or contact.</summary>
    public const double MinScoreWithEntity = 0.22;

    // Words that only frame an entity ("my order number is", "it's", "you can reach me at").
    private static readonly HashSet<string> CarrierWords = new(StringComparer.Ordinal)
    {
        "my", "the", "is", "it", "its", "a", "an", "order", "number", "no", "phone", "mobile", "cell", "telephone", "email", "e", "mail",
        "address", "this", "that", "here", "there", "you", "can", "reach", "me", "at", "on", "call", "and", "of", "for", "was", "be", "are",
        "i", "think", "believe", "id", "code", "one", "ones", "yes", "yeah", "sure", "ok", "okay", "so", "oh", "called", "want", "mean",
        "about", "with", "am", "by", "from", "use", "try", "again", "sorry", "correction",
    };

    // Chinese framing around an entity, removed longest first ("我的订单号是A1003").
    private static readonly string[] ChineseCarriers =
    [
        "订单号码", "订单编号", "手机号码", "电话号码", "邮箱地址", "订单号", "手机号", "单号", "编号", "号码", "订单", "手机", "电话", "邮箱",
        "我的", "就是", "是", "号", "我", "的", "呃", "这个", "那个", "好的", "对", "嗯",
    ];

    private static readonly HashSet<string> AffirmChinese = new(StringComparer.Ordinal)
    {
        "好", "好的", "是", "是的", "对", "对的", "对对", "对对对", "嗯", "嗯嗯", "行", "行的", "可以", "可以的", "没错", "没问题", "好啊", "确认", "当然", "当然可以",
    };

    private static readonly HashSet<string> DenyChinese = new(StringComparer.Ordinal)
    {
        "不", "不用", "不用了", "不是", "不对", "没有", "不要", "不了", "不需要", "算了", "不行", "不必", "没有了",
    };

    public (Intent Intent, double Confidence) Decide(List<Token> tokens, UtteranceFeatures utterance, IntentScores scores)
    {
        if (tokens.Count == 0) return (Intent.NotUnderstood, 1);
        if (CarriesOnlyEntities(tokens)) return (Intent.ProvideInfo, 0.95);
        if (PointsOnlyBack(utterance)) return (Intent.ProvideInfo, 0.8);
        if (IsBare(utterance, "yes", AffirmChinese)) return (Intent.Affirm, 0.95);
        if (IsBare(utterance, "no", DenyChinese)) return (Intent.Deny, 0.95);

        var (best, score, second) = scores.Top();
        // An order number, phone or product in the sentence is itself evidence the caller is talking business.
        var threshold = tokens.Exists(t => t.Role != TokenRole.None) ? MinScoreWithEntity : MinScore;
        if (best == Intent.NotUnderstood || score < threshold)
        {
            var (_, bestReal, _) = scores.Top(exclude: Intent.NotUnderstood);
            return (Intent.NotUnderstood, Math.Round(1 - Math.Min(bestReal, 1), 3));
        }
        // "hey, I need to cancel something": a greeting in front of a request is manners; the request is the intent.
        // Only business requests override: "hello, can someone help me?" or "hi, anyone there?" stay greetings.
        if (best == Intent.Greeting && scores.Top(exclude: Intent.Greeting) is var (request, requestScore, _)
            && request is Intent.OrderStatus or Intent.ReturnRequest or Intent.CancelOrder or Intent.ProductInfo or Intent.PolicyQuestion
            && requestScore >= threshold)
        {
            (best, score, second) = (request, requestScore, Math.Max(second, score));
        }

        if (IsPolicyQuestionInDisguise(best, utterance)) best = Intent.PolicyQuestion;
        // "I don't want it anymore, can I get a refund": not wanting it is how the refund is justified.
        else if (best == Intent.CancelOrder && topics.AsksForRefund(utterance) && !topics.SaysCancel(utterance)) best = Intent.ReturnRequest;
        return (best, Confidence(score, second));
    }

    /// <summary>
    /// Requests that are really questions about a store policy: when people can be reached ("when can I talk to a
    /// person", "人工客服几点上班"), how long one may return ("几天之内能退货"), what shipping or warranty costs or covers
    /// ("do you charge for shipping"), or anything that says "policy".
    /// </summary>
    private bool IsPolicyQuestionInDisguise(Intent best, UtteranceFeatures utterance) => best switch
    {
        _ when topics.MentionsAgent(utterance) && topics.AsksAboutTime(utterance) => true,
        Intent.ReturnRequest when topics.AsksAboutTimeLimit(utterance) => true,
        Intent.OrderStatus when topics.AsksAboutTimeLimit(utterance) && topics.Find(utterance) == PolicyTopics.Returns => true,
        Intent.ProductInfo when topics.Find(utterance) is not null => true,
        Intent.ReturnRequest or Intent.OrderStatus or Intent.CancelOrder or Intent.ProductInfo => topics.MentionsPolicy(utterance),
        _ => false,
    };

    /// <summary>
    /// The similarity, rescaled so the threshold maps to 0.5 and a near-exact match to about 1, and reduced when the
    /// runner-up intent is almost as close.
    /// </summary>
    private static double Confidence(double score, double second)
    {
        var c = 0.5 + 0.5 * Math.Clamp((score - MinScore) / (0.75 - MinScore), 0, 1);
        var margin = score <= 0 ? 0 : (score - second) / score;
        if (margin < 0.15) c *= 0.85 + margin;
        return Math.Round(Math.Clamp(c, 0, 1), 3);
    }

    /// <summary>
    /// "that one", "the same order", "那个订单": an answer that identifies something by pointing back at it. It names
    /// the thing the bot asked for, so it is ProvideInfo, and RefersToPrevious tells the dialogue where to look.
    /// </summary>
    private static bool PointsOnlyBack(UtteranceFeatures utterance)
    {
        var pointer = false;
        foreach (var w in utterance.Words)
        {
            if (w is "same" or "one" or "previous" or "last") pointer = true;
            else if (!ReferenceFrame.Contains(w)) return false;
        }
        foreach (var run in utterance.ChineseRuns)
        {
            var rest = run;
            foreach (var p in ChinesePointers) if (rest.Contains(p, StringComparison.Ordinal)) { pointer = true; rest = rest.Replace(p, "", StringComparison.Ordinal); }
            foreach (var c in ChineseCarriers) rest = rest.Replace(c, "", StringComparison.Ordinal);
            if (rest.Length > 0) return false;
        }
        return pointer;
    }

    private static readonly HashSet<string> ReferenceFrame = new(StringComparer.Ordinal) { "the", "that", "this", "order", "package", "it", "as", "befor", "yes", "i", "mean", "other" };
    private static readonly string[] ChinesePointers = ["那个", "这个", "那单", "这单", "同一个", "刚才那个", "上一个"];

    private static bool CarriesOnlyEntities(List<Token> tokens)
    {
        var entity = false;
        foreach (var t in tokens)
        {
            if (t.Role != TokenRole.None) { entity = true; continue; }
            switch (t.Kind)
            {
                case TokenKind.Symbol:
                    continue;
                case TokenKind.Word when CarrierWords.Contains(t.Text):
                    continue;
                case TokenKind.Cjk when StripChineseCarriers(t.Text).Length == 0:
                    continue;
                default:
                    return false;
            }
        }
        return entity;
    }

    private static string StripChineseCarriers(string text)
    {
        foreach (var c in ChineseCarriers)
            if (text.Contains(c, StringComparison.Ordinal)) text = text.Replace(c, "", StringComparison.Ordinal);
        return text;
    }

    /// <summary>"不不不", "对对", "好好好": one short answer said several times.</summary>
    private static bool IsRepeated(string run, HashSet<string> answers)
    {
        if (run.Length < 2) return false;
        foreach (var c in run) if (c != run[0]) return false;
        return answers.Contains(run[..1]);
    }

    /// <summary>True when the whole utterance is the concept (English) or one of the short Chinese answers.</summary>
    private static bool IsBare(UtteranceFeatures utterance, string concept, HashSet<string> chinese)
    {
        if (utterance.ChineseRuns.Count > 0)
            return utterance.Words.Count == 0 && utterance.ChineseRuns.TrueForAll(run => chinese.Contains(run) || IsRepeated(run, chinese));
        if (utterance.Words.Count == 0) return false;
        var seen = false;
        foreach (var w in utterance.Words)
        {
            if (w == concept) { seen = true; continue; }
            if (w is "thanks" or "you" && concept == "no") continue;
            return false;
        }
        return seen;
    }
}
