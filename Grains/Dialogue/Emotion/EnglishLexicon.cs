using System.Collections.Frozen;

namespace CallCenter.Dialogue.Emotion;

/// <summary>
/// English words and phrases with their emotional weight, as the <see cref="EnglishSegmenter"/> looks them up:
/// lower case, words joined by one space, apostrophes straight. Built once per process.
/// Valences are on a -1..1 scale and were set by hand for customer-service talk: words that are neutral in
/// a shop ("like", "help", "sorry", "please", "refund") are deliberately absent.
/// </summary>
internal static class EnglishLexicon
{
    /// <summary>Every entry, single words and phrases, keyed by its lower-case text.</summary>
    public static readonly FrozenDictionary<string, LexiconEntry>.AlternateLookup<ReadOnlySpan<char>> Entries;

    /// <summary>For each word that starts an entry, the most words any entry starting with it has; absent words start none.</summary>
    public static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> LongestEntryStartingWith;

    /// <summary>The longest entry in characters, so the segmenter can size its key buffer once.</summary>
    public static readonly int LongestEntryLength;

    /// <summary>Any "-n't" contraction the list does not name ("mustn't", "needn't") still negates.</summary>
    public static readonly LexiconEntry ContractedNegator = new() { Text = "n't", Role = TermRole.Negator };

    public static int Count { get; }

    static EnglishLexicon()
    {
        var entries = Build();
        Count = entries.Count;
        Entries = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        LongestEntryLength = entries.Keys.Max(k => k.Length);
        LongestEntryStartingWith = entries.Keys
            .GroupBy(k => k.Split(' ')[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Max(k => k.Split(' ').Length), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static bool IsValidKey(string key) =>
        key.Length > 0 && key == key.Trim() && !key.Contains("  ", StringComparison.Ordinal)
        && key.All(c => c == ' ' || c == '\'' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static FrozenDictionary<string, LexiconEntry> Build() => new LexiconBuilder(IsValidKey)
        // Anger, insults, accusations.
        .Sentiment(-0.9, "worst", "disgusting", "disgraceful", "wtf", "what the fuck", "bullshit", "horrendous", "atrocious")
        .Sentiment(-0.8, "furious", "livid", "outraged", "outrageous", "enraged", "infuriating", "infuriated", "horrible",
            "terrible", "awful", "appalling", "pathetic", "hate", "hated", "useless", "garbage", "trash", "rubbish", "crap",
            "crappy", "incompetent", "incompetence", "nightmare", "ripped off", "rip off", "ripoff", "cheated", "cheating",
            "liar", "liars", "thieves", "robbery", "shameful", "inexcusable", "fuck", "fucked", "pissed", "pissed off",
            "ripped me off", "ripped us off", "ripping me off", "fed up", "sick and tired", "thanks for nothing", "never again", "worthless", "dreadful")
        .Sentiment(-0.7, "ridiculous", "absurd", "angry", "angrier", "fuming", "stupid", "idiot", "idiots", "idiotic",
            "lied", "lies", "lying", "nonsense", "hopeless", "waste of time", "waste of money", "what the hell",
            "screwed up", "unprofessional", "shocking", "lousy", "shoddy", "unacceptable")
        // Disappointment and annoyance.
        .Sentiment(-0.6, "disappointed", "disappointing", "disappointment", "frustrated", "frustrating", "frustration",
            "upset", "annoyed", "annoying", "irritated", "irritating", "mad", "rude", "unhappy", "dissatisfied",
            "unsatisfied", "sucks", "suck", "worse", "waste", "wasted", "joke", "sick of", "had enough",
            "enough is enough", "unfair", "unreliable", "unhelpful", "careless", "sloppy", "argh", "messed up")
        .Sentiment(-0.5, "bad", "tired of", "sad", "upsetting", "stressful", "stressed", "poor", "defective", "faulty",
            "damn it", "dammit", "no help", "screwed", "ugh")
        // Things going wrong: mild on their own, they add up.
        .Sentiment(-0.4, "broken", "damaged", "worried", "confusing", "ignored", "ignoring", "mess", "hell")
        .Sentiment(-0.3, "wrong", "lost", "missing", "delayed", "slow", "confused")
        .Sentiment(-0.2, "problem", "problems", "late", "delay", "concerned")
        .Sentiment(-0.1, "issue", "issues")
        // Complaints in themselves: the caller is reporting a failure or has run out of patience.
        .ComplaintCue(-0.5, "never received", "never arrived", "never delivered", "never showed up", "every single time",
            "how many times")
        .ComplaintCue(-0.45, "third time", "yet again")
        .ComplaintCue(-0.4, "complain", "complaint", "complaints", "complaining", "still waiting", "never got",
            "never came", "haven't received", "havent received", "have not received", "not received", "not receive",
            "didn't receive", "didnt receive", "hasn't arrived", "hasnt arrived", "not arrived", "didn't arrive",
            "didnt arrive", "not delivered", "wasn't delivered", "hasn't been delivered", "hasn't come", "haven't got",
            "haven't gotten")
        .ComplaintCue(-0.35, "you promised", "i was promised", "no response", "no reply", "haven't heard back")
        .ComplaintCue(-0.3, "didn't get", "no answer", "no update", "been waiting")
        .ComplaintCue(-0.25, "money back", "manager", "supervisor")
        // Urgent: legal threats, fraud claims, police, bank disputes. Each variant reports the canonical term.
        .Urgent("lawyer", -0.4, "lawyer", "lawyers")
        .Urgent("attorney", -0.4, "attorney", "attorneys")
        .Urgent("sue", -0.5, "sue", "suing", "sued")
        .Urgent("lawsuit", -0.5, "lawsuit", "lawsuits", "legal action", "class action")
        .Urgent("fraud", -0.8, "fraud", "fraudulent", "frauds")
        .Urgent("scam", -0.8, "scam", "scams", "scammed", "scammer", "scammers", "scamming")
        .Urgent("police", -0.4, "police", "cops")
        .Urgent("report you", -0.5, "report you", "reporting you", "report your company", "report this company")
        .Urgent("chargeback", -0.4, "chargeback", "chargebacks", "charge back")
        .Urgent("dispute with my bank", -0.4, "dispute with my bank", "dispute it with my bank",
            "dispute this with my bank", "dispute the charge", "dispute this charge")
        .Urgent("better business bureau", -0.5, "better business bureau", "bbb")
        // Pleased.
        .Sentiment(0.8, "excellent", "fantastic", "outstanding", "superb", "delighted", "thrilled", "lifesaver", "great job")
        .Sentiment(0.7, "perfect", "amazing", "awesome", "wonderful", "brilliant", "impressed", "impressive", "you rock")
        .Sentiment(0.6, "great", "happy", "love", "loved", "lovely", "grateful", "thankful", "best", "much appreciated",
            "good job")
        .Sentiment(0.5, "glad", "pleased", "satisfied", "appreciate", "appreciated", "helpful", "well done", "excited", "yay")
        .Sentiment(0.45, "thank you")
        .Sentiment(0.4, "thanks", "good", "nice", "friendly", "polite", "relieved", "reliable", "recommend", "enjoy",
            "enjoyed", "pleasure")
        .Sentiment(0.35, "thank", "thx", "resolved", "solved")
        .Sentiment(0.3, "cheers", "easy", "smooth", "cool", "sorted", "better")
        .Sentiment(0.25, "quick", "fast")
        .Sentiment(0.2, "no problem", "no worries", "not a problem", "fine", "quickly")
        .Sentiment(0.15, "fair enough")
        .Sentiment(0.1, "don't worry")
        // Fixed expressions that would be misread word by word.
        .Neutral("good morning", "good afternoon", "good evening", "good night", "no thanks", "no thank you",
            "best regards", "kind regards", "you better", "you'd better", "had better", "so so", "what kind of",
            "pretty much", "not only", "no matter", "never mind", "no doubt")
        // Intensifiers and diminishers act on the sentiment term right after them.
        .Modifier(1.6, "extremely")
        .Modifier(1.5, "absolutely", "utterly", "incredibly", "insanely")
        .Modifier(1.4, "totally", "completely", "beyond")
        .Modifier(1.3, "very", "so", "really", "super", "highly", "seriously", "truly", "deeply")
        .Modifier(1.2, "too", "such", "such a")
        .Modifier(1.15, "quite", "pretty")
        .Modifier(0.85, "fairly")
        .Modifier(0.7, "somewhat", "kind of", "kinda", "sort of", "sorta", "partly")
        .Modifier(0.6, "a bit", "a little", "a tad", "slightly", "mildly", "marginally")
        .Modifier(0.55, "a little bit")
        // Swearing intensifies what follows ("fucking useless"); alone it is still a sign of anger.
        .ModifierOrSentiment(-0.6, 1.5, "fucking")
        .ModifierOrSentiment(-0.4, 1.3, "damn", "bloody")
        .ModifierOrSentiment(-0.3, 1.3, "freaking", "frickin", "friggin")
        // Negators flip the next sentiment term within a few words. Typed contractions without the apostrophe are common.
        .Negator(1, "not", "no", "never", "cannot", "nothing", "nobody", "none", "neither", "nor", "without", "hardly",
            "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wouldnt", "shouldnt",
            "wont", "havent", "hasnt", "hadnt", "aint")
        .Contrast("but", "however")
        // "Sue" is also a name: "Sue helped me" must not make the call urgent.
        .Adjust("sue", e => e with { MayBeProperName = true })
        .Build();
}
