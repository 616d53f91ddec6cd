using System.Text.RegularExpressions;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Maps the many ways callers say the same thing onto one concept word ("parcel", "shipment", "my stuff" → "package";
/// "money back", "reimburse" → "refund"; "live agent", "real person" → "human"), so a few training phrases per intent
/// cover synonyms the corpus never spelled out. English works on word sequences (longest phrase first); Chinese is a
/// list of substring rewrites applied to each run of Chinese.
/// </summary>
internal sealed partial class SynonymLexicon
{
    // concept: synonyms (single words or phrases). The concept word itself is what the classifier sees.
    private static readonly string[] EnglishGroups =
    [
        "package: package, packages, parcel, parcels, packet, shipment, shipments, stuff, things, goods, purchase, purchases, item, items, box, merchandise",
        "arrive: arrive, arrives, arrived, arriving, arrival, get here, gets here, got here, show up, shows up, showed up, shown up, turn up, turns up, turned up, be delivered, been delivered, delivered, reach me, reaches, reached, get to me, make it here",
        "ship: ship, ships, shipped, deliver, delivers, delivering, been sent, was sent, were sent, get sent, gets sent, dispatch, dispatched, dispatching, sent out, send out, mailed, mail out",
        "track: track, tracking, trace, traced, whereabouts",
        "refunds: refunds",
        "refund: refund, refunded, refunding, reimburse, reimbursed, reimbursement, money back, my money, repay, repayment, chargeback",
        // The plural nouns are nearly always about the policy ("do you accept returns", "how do refunds work").
        "returns: returns",
        "return: return, returned, returning, send back, send it back, send them back, send this back, sending it back, ship it back, ship back, take it back, take back, take them back, give back, bring it back, mail it back",
        "cancel: cancel, cancels, cancelled, canceled, cancelling, canceling, cancellation, call off, call it off, abort, revoke, void",
        "human: human, humans, person, someone, anyone, anybody, somebody, agent, agents, representative, representatives, rep, operator, staff, employee, associate, manager, supervisor, real person, live agent, live person, actual person, human being, real human, live human",
        "bot: bot, robot, robots, ai, computer, automated, automatic, chatbot, machine voice",
        "complain: complain, complaint, complaints, complaining, complained, grievance",
        "terrible: terrible, awful, horrible, unacceptable, ridiculous, worst, useless, pathetic, disgusting, outrageous, appalling, atrocious, disgrace, disgraceful, shameful, rubbish, garbage, crap, crappy, sucks, suck, lousy, incompetent, furious, angry, livid, annoyed, frustrated, frustrating, disappointed, disappointing, unhappy, upset, mad, scam, fed up, sick of, tired of, nonsense, bullshit, insane, unbelievable",
        "thanks: thanks, thank, thx, thanx, ty, tysm, cheers, appreciate, appreciated, grateful, thankful, much obliged",
        "hello: hello, hi, hey, hiya, howdy, heya, hallo, hullo, greetings, yo, good morning, good afternoon, good evening",
        "bye: bye, goodbye, good bye, byebye, farewell, cya, see you, see ya, take care, good night, goodnight, have a nice day, have a good day, have a great day, gotta go, got to go, have to go, need to go",
        "yes: yes, yeah, yep, yup, ya, yea, yah, yass, sure, ok, okay, k, kk, alright, all right, correct, exactly, affirmative, indeed, of course, sounds good, go ahead, uh huh, mhm, aye",
        "no: no, nope, nah, naw, negative, not really, no way, nay",
        "price: price, prices, pricing, priced, cost, costs, costing, charge, charges, fee, fees, how much, expensive, cheap, cheaper, cheapest, pricey, affordable",
        "carry: do you have, do you still have, do you guys have, you still have, do you still sell, have you got, you got any, do you carry, do you sell, do you guys sell, do you stock",
        "stock: stock, stocked, in stock, sold out, out of stock, restock, restocked, inventory",
        "warranty: warranty, warranties, guarantee, guarantees, guaranteed, warrantee, warranted",
        "policy: policy, policies, rule, rules, terms, conditions, procedure",
        "hours: hours, opening hours, business hours, office hours, working hours, open hours, opening times",
        "howlong: how long, how many days, how soon",
        "broken: broken, broke, defective, faulty, damaged, cracked, not working, stopped working, does not work",
    ];

    // Applied in order to every run of Chinese; longer forms come first so "啥时候" becomes "什么时候" before "啥" would
    // become "什么", and "人工客服" becomes "人工" before "客服" would.
    private static readonly (string From, string To)[] ChineseRewrites =
    [
        ("查下", "查"), ("看下", "看"), ("问下", "问"), ("查查", "查"),
        // A-not-A questions ("有没有", "是不是") are yes/no questions, not the answers "没有" and "不是".
        ("有没有", "有"), ("是不是", "是否"), ("能不能", "能"), ("可不可以", "能"), ("会不会", "会"), ("要不要", "要"),
        ("哪儿", "哪"), ("哪里", "哪"), ("啥时候", "什么时候"), ("几时", "什么时候"), ("啥", "什么"), ("咋", "怎么"),
        ("快件", "包裹"), ("货物", "包裹"),
        ("退钱", "退款"), ("返款", "退款"), ("退费", "退款"), ("退掉", "退货"), ("退回去", "退货"), ("寄回去", "退货"), ("寄回", "退货"),
        ("撤销", "取消"), ("撤单", "取消订单"),
        ("人工客服", "人工"), ("人工服务", "人工"), ("客服人员", "人工"), ("接线员", "人工"), ("真人", "人工"), ("活人", "人工"), ("客服", "人工"),
        ("举报", "投诉"), ("荒唐", "离谱"), ("不像话", "离谱"), ("过分", "离谱"), ("差劲", "差"), ("垃圾", "差"), ("糟糕", "差"), ("太烂", "太差"), ("很烂", "很差"), ("不负责任", "差"), ("不负责", "差"), ("不靠谱", "差"), ("坑人", "差"), ("无语", "差"), ("受够了", "差"),
        ("多谢", "谢谢"), ("感谢", "谢谢"), ("谢啦", "谢谢"), ("谢了", "谢谢"),
        ("拜拜", "再见"), ("回见", "再见"), ("晚安", "再见"), ("早安", "早上好"), ("您好", "你好"), ("哈喽", "你好"), ("哈罗", "你好"),
        ("邮费", "运费"), ("质保", "保修"), ("保固", "保修"),
        ("耳塞", "耳机"), ("耳麦", "耳机"), ("电视机", "电视"),
        ("运动鞋", "跑鞋"), ("跑步鞋", "跑鞋"), ("球鞋", "跑鞋"), ("鞋子", "跑鞋"),
        ("咖啡机器", "咖啡机"), ("咖啡壶", "咖啡机"), ("智能表", "智能手表"),
    ];

    // A bare 退 ("要退", "退了", "给我退吧") means return the goods; 退款/退货/退换 are already explicit.
    [GeneratedRegex("退(?![货款换回出订费])")]
    private static partial Regex BareReturn();

    // "发货了没有", "发出来没": the A-not-A question. Read as "…了吗" so it is not mistaken for the answer "没有".
    [GeneratedRegex("(?:了没有?|(?<=[来去到出货])没有?)$")]
    private static partial Regex NotYetQuestion();

    // "有货没", "有库存没有": the same question about having something, which is "有…吗".
    [GeneratedRegex("(?<=有.{1,2})没有?$")]
    private static partial Regex HaveQuestion();

    // Verb-particle phrases split by their object: "send the TV back", "call the whole order off".
    private static readonly (string[] Verbs, string Particle, string Concept)[] SeparableVerbs =
    [
        (["send", "sending", "ship", "shipping", "take", "taking", "bring", "bringing", "give", "giving", "mail", "post"], "back", "return"),
        (["call", "calling"], "off", "cancel"),
    ];

    private readonly Dictionary<string, List<(string[] Words, string Concept)>> _phrasesByFirstWord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _concepts = new(StringComparer.Ordinal);

    public SynonymLexicon()
    {
        foreach (var group in EnglishGroups)
        {
            var colon = group.IndexOf(':');
            var concept = group[..colon].Trim();
            _concepts.Add(concept);
            foreach (var entry in group[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!_phrasesByFirstWord.TryGetValue(words[0], out var list)) _phrasesByFirstWord[words[0]] = list = [];
                list.Add((words, concept));
            }
        }
        foreach (var list in _phrasesByFirstWord.Values) list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    /// <summary>Every word the lexicon knows, so the spelling corrector can correct towards synonyms too.</summary>
    public IEnumerable<string> Words => _phrasesByFirstWord.Values.SelectMany(l => l).SelectMany(p => p.Words).Concat(_concepts);

    public bool IsConcept(string word) => _concepts.Contains(word);

    /// <summary>
    /// The concept and how many words it consumed when a synonym phrase starts at <paramref name="start"/>;
    /// otherwise (null, 1).
    /// </summary>
    public (string? Concept, int Length) Match(IReadOnlyList<string> words, int start)
    {
        if (!_phrasesByFirstWord.TryGetValue(words[start], out var candidates)) return (null, 1);
        foreach (var (phrase, concept) in candidates)
        {
            if (start + phrase.Length > words.Count) continue;
            var ok = true;
            for (var k = 1; k < phrase.Length && ok; k++) ok = words[start + k] == phrase[k];
            if (ok) return (concept, phrase.Length);
        }
        return (null, 1);
    }

    /// <summary>
    /// Joins separable verbs in place: [send, the, #product, back] becomes [return, the, #product]. The object may be
    /// up to three words long; the particle is removed so it does not count twice.
    /// </summary>
    public void JoinSeparableVerbs(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var (verbs, particle, concept) in SeparableVerbs)
            {
                if (Array.IndexOf(verbs, words[i]) < 0) continue;
                for (var j = i + 2; j < words.Count && j <= i + 4 && words[j - 1] != "|"; j++)
                {
                    if (words[j] != particle) continue;
                    words[i] = concept;
                    words.RemoveAt(j);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The Chinese runs rewritten to their canonical words (used after the cache key was taken). 的 only links words
    /// ("我的订单的状态"), so runs are cut there: the bigrams across it ("单的", "的状") are noise, and deleting it
    /// instead would glue words into false bigrams ("我订").
    /// </summary>
    public List<Token> CanonicalizeChinese(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Cjk || !t.Text.Contains('的') || t.Text.Length == 1) continue;
            var parts = t.Text.Split('的', StringSplitOptions.RemoveEmptyEntries);
            tokens.RemoveAt(i);
            for (var k = 0; k < parts.Length; k++) tokens.Insert(i + k, t with { Text = parts[k], Gap = k == 0 ? t.Gap : TokenGap.Space });
            i += parts.Length - 1;
        }
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Cjk) continue;
            var text = t.Text;
            foreach (var (from, to) in ChineseRewrites)
                if (text.Contains(from, StringComparison.Ordinal)) text = text.Replace(from, to, StringComparison.Ordinal);
            if (text.Contains('退')) text = BareReturn().Replace(text, "退货");
            if (text.Contains('没')) text = NotYetQuestion().Replace(HaveQuestion().Replace(text, "吗"), "了吗");
            if (!ReferenceEquals(text, t.Text)) tokens[i] = t with { Text = text };
        }
        tokens.RemoveAll(t => t.Kind == TokenKind.Cjk && t.Text.Length == 0);
        return tokens;
    }
}
