using System.Collections.Frozen;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// Simplified Chinese terms with their emotional weight, as the <see cref="ChineseSegmenter"/> looks them up:
/// by longest match over characters, since Chinese has no spaces. Built once per process.
/// Fixed compounds whose meaning is not the sum of their characters get their own entry ("不错" is good,
/// "不好意思" is "excuse me", "差不多" is "about"), which the longest match then prefers over the pieces.
/// </summary>
internal static class ChineseLexicon
{
    public static readonly FrozenDictionary<string, LexiconEntry>.AlternateLookup<ReadOnlySpan<char>> Entries;

    /// <summary>Indexed by a character: the length of the longest entry starting with it, 0 when none does.</summary>
    private static readonly byte[] s_longestEntryStartingWith = new byte[char.MaxValue + 1];

    public static int Count { get; }

    static ChineseLexicon()
    {
        var entries = Build();
        Count = entries.Count;
        Entries = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var key in entries.Keys)
        {
            ref var longest = ref s_longestEntryStartingWith[key[0]];
            longest = (byte)Math.Max(longest, key.Length);
        }
    }

    public static int LongestEntryStartingWith(char first) => s_longestEntryStartingWith[first];

    private static bool IsValidKey(string key) =>
        key.Length is > 0 and < byte.MaxValue && !key.Any(char.IsWhiteSpace) && !key.Any(char.IsAsciiLetter);

    private static FrozenDictionary<string, LexiconEntry> Build() => new LexiconBuilder(IsValidKey)
        // Anger, insults, accusations.
        .Sentiment(-0.9, "气死我了", "忍无可忍", "王八蛋", "傻逼", "糟透了", "烂透了")
        .Sentiment(-0.85, "气死", "烦死了", "受够了", "狗屁", "他妈的", "无耻", "黑心", "奸商", "流氓", "强盗",
            "白痴", "脑残", "混蛋", "废物")
        .Sentiment(-0.8, "垃圾", "愤怒", "绝望", "坑爹")
        .Sentiment(-0.75, "烦死", "欺骗", "骗人", "坑人", "恶心", "可恶", "妈的", "急死", "抓狂")
        .Sentiment(-0.7, "离谱", "不像话", "差劲", "气愤", "神经病", "滚", "搞什么鬼", "什么玩意", "有病", "荒唐", "荒谬")
        // Disappointment and annoyance.
        .Sentiment(-0.6, "生气", "失望", "火大", "恼火", "窝火", "气人", "讨厌", "糟糕", "过分", "忽悠", "敷衍", "踢皮球",
            "受不了", "崩溃", "烂", "破烂", "差评", "不负责任", "骗")
        .Sentiment(-0.5, "差", "无语", "坑", "不专业", "不靠谱", "烦人", "不爽", "心累", "伤心", "难过", "不耐烦", "没用",
            "没有用", "搞什么", "推卸", "不像样", "拖延", "傻")
        .Sentiment(-0.4, "不好", "烦", "郁闷", "难受", "委屈", "傻眼")
        // Things going wrong.
        .Sentiment(-0.35, "坏了", "破损", "损坏", "碎了")
        .Sentiment(-0.3, "不行", "坏", "丢了", "丢失", "错了", "没意思", "着急", "担心", "头疼")
        .Sentiment(-0.25, "麻烦", "慢", "延迟", "到底")
        .Sentiment(-0.2, "没办法", "很久")
        .Sentiment(-0.15, "好久", "好不好")
        // Complaints in themselves: a failure reported or patience run out.
        .ComplaintCue(-0.5, "不满", "没人管", "没人理", "一拖再拖")
        .ComplaintCue(-0.45, "几次了", "多少次", "等了很久", "等了好久", "太久", "怎么又")
        .ComplaintCue(-0.4, "一直没", "还没收到", "还没有收到", "未收到", "没人回复", "没人处理", "第三次", "一直在等",
            "等了半天", "等半天", "退钱", "发错", "解决不了", "没解决", "没有解决", "还没解决", "还没有解决")
        .ComplaintCue(-0.35, "没收到", "没有收到", "还没到", "说好的", "还没发货", "没回复", "漏发")
        .ComplaintCue(-0.3, "没到", "好几次", "怎么还", "为什么还", "少发", "赔偿", "没发货", "未发货")
        // Urgent: complaints to authorities, legal threats, fraud claims, going public.
        .Urgent("投诉", -0.45, "投诉")
        .Adjust("投诉", e => e with { IsComplaintCue = true })
        .Urgent("报警", -0.5, "报警")
        .Urgent("律师", -0.4, "律师")
        .Urgent("起诉", -0.5, "起诉", "告你们", "打官司", "法院见")
        .Urgent("诈骗", -0.8, "诈骗", "骗子", "骗局")
        .Urgent("欺诈", -0.8, "欺诈")
        .Urgent("消协", -0.4, "消协", "消费者协会")
        .Urgent("12315", -0.4, "12315")
        .Urgent("曝光", -0.4, "曝光")
        // Pleased.
        .Sentiment(0.8, "完美", "太棒了", "满分")
        .Sentiment(0.7, "太好了", "给力")
        .Sentiment(0.6, "满意", "棒", "优秀", "开心", "高兴", "感激", "惊喜")
        .Sentiment(0.5, "感谢", "快乐", "喜欢", "好评", "五星", "点赞", "赞", "周到", "贴心", "高效", "效率高", "愉快")
        .Sentiment(0.45, "不错", "多谢")
        .Sentiment(0.4, "谢谢", "辛苦了", "耐心", "热情", "细心", "好用", "靠谱", "厉害", "美好", "友好", "舒服", "顺利")
        .Sentiment(0.35, "解决了", "搞定")
        .Sentiment(0.3, "谢了", "专业", "及时", "方便", "放心", "还不错", "解决")
        .Sentiment(0.2, "没问题", "幸好", "幸亏")
        .Sentiment(0.15, "还可以")
        .Sentiment(0.1, "没关系", "还好")
        .Sentiment(0.05, "没事")
        // 好 is "good" after 很/不/太 and an intensifier before a feeling (好烦 = so annoying); elsewhere it is noise.
        .Add(new LexiconEntry
        {
            Text = "好",
            Role = TermRole.Sentiment,
            Valence = 0.35,
            Multiplier = 1.3,
            ModifiesFollowingSentiment = true,
            CountsOnlyWhenModified = true,
        })
        // Compounds that contain a lexicon character but mean something else.
        .Neutral("你好", "您好", "不好意思", "不客气", "不用谢", "最好", "好好", "差不多", "差点", "差价", "差额", "差距",
            "差异", "出差", "时差", "误差", "相差", "麻烦你", "麻烦您", "麻烦帮", "添麻烦", "烦请", "滚动", "滚筒", "滚轮",
            "棒球", "慢慢", "慢走", "灿烂", "不但", "但愿")
        // Intensifiers and diminishers act on the term right after them.
        .Modifier(1.7, "极其")
        .Modifier(1.6, "极度")
        .Modifier(1.5, "非常", "超级", "极", "最", "巨")
        .Modifier(1.4, "太", "特别", "十分", "简直", "完全")
        .Modifier(1.3, "很", "超", "实在", "实在是", "相当", "越来越", "如此", "绝对", "怎么这么")
        .Modifier(1.25, "真的", "真是")
        .Modifier(1.2, "真", "更", "这么", "那么")
        .Modifier(1.15, "挺", "蛮")
        .Modifier(0.85, "比较")
        .Modifier(0.7, "有些", "略", "还算")
        .Modifier(0.6, "有点", "有点儿", "有一点", "稍微", "稍稍", "略微")
        // Negators flip the term directly after them.
        .Negator(1, "不", "没", "没有", "别", "未", "不是", "并不", "并没有", "并非", "从不", "从没", "从来没有", "从来不")
        .Negator(1.2, "还没", "还没有", "还不")
        .Negator(1.4, "一点也不", "一点都不", "根本不", "根本没", "根本没有", "完全不", "毫不", "绝不")
        .Contrast("但是", "可是", "不过", "但", "然而")
        // May sit between a modifier or negator and its term: 真是垃圾, 非常的满意, 都是骗人的.
        .Filler("是", "就是", "都", "的", "得")
        .Build();
}
