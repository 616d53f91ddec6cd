using System.Globalization;
using System.Text;
using CallCenter.Crm;

namespace CallCenter.Voice.Engines;

/// <summary>
/// The JSGF grammar that constrains PocketSphinx to what callers of this contact center say: the phrasings of every
/// intent the dialogue brain knows (order status, returns, cancellation, product price and stock with the catalog's
/// product names, policies, a person, yes/no, thanks, goodbye, greetings, complaints), order numbers read out as a
/// letter and digits ("a one zero zero one", "order number one zero zero three") and phone digits.
/// <para>
/// Why a grammar: on the installed acoustic model the free language model gets many words of a sentence wrong, while
/// a grammar of the domain recognizes whole sentences exactly (20 of 24 domain sentences spoken by espeak-ng) and
/// decodes about three times faster. What the grammar cannot say is left to the free-speech fallback of
/// <see cref="PocketSphinxRecognizer"/>.
/// </para>
/// <para>
/// Every word must be in the pronouncing dictionary (PocketSphinx refuses the whole grammar otherwise). Product names
/// are turned into spoken words: "Nimbus 4K smart TV 55 inch" becomes "nimbus four k smart tv fifty five inch". A name
/// word the dictionary lacks gets a pronunciation composed of dictionary words ("AeroBuds" = "aero" + "buds",
/// "smartwatch" = "smart" + "watch") in <see cref="AddedWords"/>, which the recognizer adds to each decoder, so the
/// transcript keeps the catalog's spelling ("aerobuds pro"); a word that cannot be composed is spelled letter by letter.
/// </para>
/// </summary>
public sealed class DomainGrammar
{
    /// <summary>The name of the one public rule (PocketSphinx takes the grammar's public rule as its top rule).</summary>
    public const string TopRule = "utterance";

    private static readonly Lazy<PronouncingDictionary> DefaultDictionary =
        new(() => PronouncingDictionary.Load(new PocketSphinxOptions().DictionaryPath));

    private DomainGrammar(string jsgf, IReadOnlyDictionary<string, string> addedWords, IReadOnlyList<string> productPhrases)
    {
        Jsgf = jsgf;
        AddedWords = addedWords;
        ProductPhrases = productPhrases;
    }

    /// <summary>The grammar text (JSGF V1.0) with one public rule, <see cref="TopRule"/>.</summary>
    public string Jsgf { get; }

    /// <summary>Words of the grammar that are not in the dictionary, with their composed pronunciations ("aerobuds" → "EH R OW B AH D Z").</summary>
    public IReadOnlyDictionary<string, string> AddedWords { get; }

    /// <summary>Each catalog product's name as the grammar speaks it, in catalog order ("aerobuds pro wireless earbuds").</summary>
    public IReadOnlyList<string> ProductPhrases { get; }

    /// <summary>Builds the grammar with the standard dictionary of the installed model (cmudict-en-us.dict), loaded once.</summary>
    public static DomainGrammar Build(IEnumerable<Product> catalog) => Build(catalog, DefaultDictionary.Value);

    public static DomainGrammar Build(IEnumerable<Product> catalog, PronouncingDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(dictionary);
        var speller = new NameSpeller(dictionary);
        var products = catalog.Select(p => speller.Speak(p.Name)).ToList();

        var jsgf = new StringBuilder();
        jsgf.Append("#JSGF V1.0;\n\ngrammar callcenter;\n\n");
        jsgf.Append("public <").Append(TopRule).Append("> = ").Append(Rules.Utterance).Append(";\n");
        foreach (var (name, body) in Rules.All)
        {
            jsgf.Append('<').Append(name).Append("> = ").Append(body).Append(";\n");
        }

        var productAlternatives = products
            .Where(words => words.Count > 0)
            .SelectMany(ProductAlternatives)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // A catalog without a single speakable name still needs the rule the other rules refer to.
        jsgf.Append("<product_name> = ")
            .Append(productAlternatives.Count > 0 ? string.Join(" | ", productAlternatives) : "<VOID>")
            .Append(";\n");

        var text = jsgf.ToString();
        var unknown = WordsOf(text).Where(w => !dictionary.Contains(w) && !speller.Added.ContainsKey(w)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                "The domain grammar uses words the pronouncing dictionary does not have: " + string.Join(", ", unknown.Distinct()));
        }

        return new DomainGrammar(text, speller.Added, products.Select(words => string.Join(' ', words)).ToList());
    }

    /// <summary>
    /// The ways a caller names one product: the whole name and every shorter run of its words that starts or ends the
    /// name ("aerobuds pro", "wireless earbuds", "earbuds"), leaving out runs that are only numbers, letters or generic
    /// words (a lone "four" or "smart" would turn ordinary digits and adjectives into product names).
    /// </summary>
    private static IEnumerable<string> ProductAlternatives(IReadOnlyList<string> words)
    {
        for (var length = words.Count; length >= 1; length--)
        {
            foreach (var start in length == words.Count ? new[] { 0 } : new[] { 0, words.Count - length })
            {
                var run = words.Skip(start).Take(length).ToList();
                if (run.Any(w => w.Length > 2 && !NameSpeller.IsNumberWord(w) && !Rules.GenericNameWords.Contains(w)))
                {
                    yield return string.Join(' ', run);
                }
            }
        }
    }

    /// <summary>The words of a JSGF text: everything but rule references, operators and the header.</summary>
    internal static IEnumerable<string> WordsOf(string jsgf)
    {
        foreach (var line in jsgf.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var body = line[(eq + 1)..];
            var cleaned = new StringBuilder(body.Length);
            var inReference = false;
            foreach (var c in body)
            {
                if (c == '<') inReference = true;
                if (!inReference) cleaned.Append(c is '(' or ')' or '[' or ']' or '|' or '*' or '+' or ';' ? ' ' : c);
                if (c == '>') inReference = false;
            }

            foreach (var word in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return word;
            }
        }
    }

    /// <summary>Turns catalog names into dictionary words, composing pronunciations for the brand words cmudict lacks.</summary>
    private sealed class NameSpeller(PronouncingDictionary dictionary)
    {
        private static readonly string[] Ones =
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];

        private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

        private static readonly HashSet<string> NumberWords = new(Ones.Concat(Tens.Where(t => t.Length > 0)).Append("hundred"), StringComparer.Ordinal);

        public Dictionary<string, string> Added { get; } = new(StringComparer.Ordinal);

        public static bool IsNumberWord(string word) => NumberWords.Contains(word);

        public List<string> Speak(string name)
        {
            var spoken = new List<string>();
            foreach (var word in name.Split([' ', '-', '/', ',', '.', '(', ')', '+', '&', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                SpeakWord(word, spoken);
            }

            return spoken;
        }

        private void SpeakWord(string word, List<string> spoken)
        {
            var lower = word.ToLowerInvariant();
            if (dictionary.Contains(lower))
            {
                spoken.Add(lower);
                return;
            }

            // Digits and letters mixed ("4K", "S2", "X200"): each run on its own.
            var runs = SplitRuns(word);
            if (runs.Count > 1 && runs.Any(r => char.IsDigit(r[0])))
            {
                foreach (var run in runs) SpeakWord(run, spoken);
                return;
            }

            if (char.IsDigit(word[0]))
            {
                spoken.AddRange(NumberToWords(word));
                return;
            }

            // A word the dictionary lacks: one word pronounced as its parts ("AeroBuds", "smartwatch") when they are all known.
            var parts = SplitCamel(word).Select(p => p.ToLowerInvariant()).ToList();
            if (!parts.All(dictionary.Contains))
            {
                parts = Compound(lower) ?? [];
            }

            if (parts.Count > 0 && lower.All(char.IsAsciiLetterLower))
            {
                Added[lower] = string.Join(' ', parts.Select(p => dictionary.PhonesOf(p)));
                spoken.Add(lower);
                return;
            }

            // Nothing to compose it from: spell it ("XQZ" → "x q z"), which is how callers say such names anyway.
            spoken.AddRange(lower.Where(char.IsAsciiLetterLower).Select(c => c.ToString()).Where(dictionary.Contains));
        }

        /// <summary>Splits a lower-case word into dictionary words of at least two letters, longest first part first.</summary>
        private List<string>? Compound(string word)
        {
            if (dictionary.Contains(word)) return [word];
            for (var cut = word.Length - 2; cut >= 2; cut--)
            {
                var head = word[..cut];
                if (!dictionary.Contains(head)) continue;
                var rest = Compound(word[cut..]);
                if (rest is not null) return [head, .. rest];
            }

            return null;
        }

        private static List<string> SplitRuns(string word)
        {
            var runs = new List<string>();
            var start = 0;
            for (var i = 1; i <= word.Length; i++)
            {
                if (i == word.Length || char.IsDigit(word[i]) != char.IsDigit(word[i - 1]))
                {
                    runs.Add(word[start..i]);
                    start = i;
                }
            }

            return runs;
        }

        private static List<string> SplitCamel(string word)
        {
            var parts = new List<string>();
            var start = 0;
            for (var i = 1; i <= word.Length; i++)
            {
                if (i == word.Length || (char.IsLower(word[i - 1]) && char.IsUpper(word[i])))
                {
                    parts.Add(word[start..i]);
                    start = i;
                }
            }

            return parts;
        }

        /// <summary>Numbers below a thousand as words ("55" → "fifty five"); longer ones digit by digit, as model numbers are read.</summary>
        private static List<string> NumberToWords(string digits)
        {
            if (digits.Length > 3 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return digits.Select(d => Ones[d - '0']).ToList();
            }

            var words = new List<string>();
            if (n >= 100)
            {
                words.Add(Ones[n / 100]);
                words.Add("hundred");
                n %= 100;
                if (n == 0) return words;
            }

            if (n < 20)
            {
                words.Add(Ones[n]);
            }
            else
            {
                words.Add(Tens[n / 10]);
                if (n % 10 != 0) words.Add(Ones[n % 10]);
            }

            return words;
        }
    }

    /// <summary>
    /// The phrasings. Only lower-case dictionary words; contractions are cmudict entries ("what's", "i'd").
    /// <para>
    /// Shaped for PocketSphinx's finite-state search, which copies a rule's states at every reference: the phrasings
    /// that name an order or a product are split into what comes before the name, the name, and what comes after, so
    /// the order-number and product loops exist a few times instead of once per phrasing (a grammar with one copy per
    /// phrasing decoded three times slower). The top rule spells out the optional lead word instead of writing
    /// "[&lt;lead&gt;] &lt;request&gt;": with an optional first rule, PocketSphinx 5prealpha loses the final state of some
    /// sentences ("Final result does not match the grammar") and returns nothing.
    /// </para>
    /// </summary>
    private static class Rules
    {
        // Product-name words that name a kind of thing, not one product: never a product alternative on their own.
        public static readonly HashSet<string> GenericNameWords = new(StringComparer.Ordinal)
        {
            "smart", "wireless", "inch", "pro", "lite", "mini", "max", "plus", "the", "and", "with", "new", "black", "white",
        };

        public const string Utterance = "<request> [<tail>] | <lead> [<request> [<tail>]]";

        public static readonly (string Name, string Body)[] All =
        [
            ("lead", "hi | hello | hey | yes | yeah | no | okay | ok | sorry | excuse me | hi there | hello there | good morning | good afternoon | good evening"),
            ("tail", "please | thanks | thank you | now | right now | today | again | yet"),
            ("request", "<order_lead> <order_ref> [<order_tail>] | <order_ref> [<order_tail>] | <product_lead> <product_ref> [<product_tail>] " +
                "| <product_ref> [<product_tail>] | <order_status> | <return> | <cancel> | <policy> | <human> | <answer> | <thanks> | <goodbye> " +
                "| <greeting> | <complaint>"),

            // Order and phone numbers read out: "a one zero zero one", "five five five oh one oh one", "double five".
            ("digit", "zero | oh | one | two | three | four | five | six | seven | eight | nine"),
            ("digit_item", "<digit> | double <digit> | triple <digit>"),
            ("letter", "a | b | c | d | e | f | g | h | i | j | k | l | m | n | o | p | q | r | s | t | u | v | w | x | y | z"),
            ("digits", "[<letter> | plus] <digit_item> <digit_item> <digit_item>+"),

            ("order_noun", "order | package | parcel | delivery | shipment | purchase | stuff | item | items"),
            ("order_ref", "(my | the | this | that | our) <order_noun> [[number] <digits>] | order [number] <digits> | number <digits> | <digits> | it"),
            ("want", "i want to | i wanna | i would like to | i'd like to | i need to | i'm trying to | i am trying to | can you | could you " +
                "| can i | could i | may i | please | let me | help me | i'm calling to | i am calling to"),
            ("order_lead",
                "where is | where's | (what is | what's) the status of | status of | check [on] | track | (order | delivery | shipping) status (of | for) " +
                "| <want> (check | track | know | see | find) [on | out] [the status of | where] | any (update | news) on " +
                "| when (will | is | does) | has | is | (i haven't | i have not | i didn't | i did not) (received | gotten | got | get) " +
                "| <want> (return | send back | cancel) | return | send back | refund | cancel | <want> (get | have) a refund for " +
                "| <want> (start | make | open) a return for | i want my money back for | how (do | can) i (return | send back) " +
                "| (i don't | i do not) want | i changed my mind about | (it's | it is) | (my | the) (order | phone | telephone) number is | the number is"),
            ("order_tail",
                "(arrive | arriving | coming | come | ship | be delivered | be here | get here) | (shipped | been shipped | arrived | been delivered) " +
                "| is | (hasn't | has not | didn't | did not) (arrive | arrived | come | shipped | ship) | anymore | (is | was | arrived) (damaged | broken | wrong) " +
                "| is (late | delayed | on the way | on its way)"),
            ("order_status", "(order | delivery | shipping) status | track my order | where is it | where's my stuff"),
            ("return", "<want> (get | have) a refund | <want> (start | make | open) a return | i want my money back | (can | could) i (get | have) a refund " +
                "| i want a refund | refund | return | i want to return something"),
            ("cancel", "<want> cancel | cancel | (stop | cancel) the (order | shipment | delivery)"),

            ("product_ref", "[the | a | an | your | my | this | that] <product_name>"),
            ("product_lead",
                "how much (is | are | does | do) | (what is | what's) the price (of | for) | the price (of | for) | (is | are) | do you have | do you (sell | carry) " +
                "| (tell me | i want to know | i'd like to know) about | <want> (buy | order | get | return | send back) | how many " +
                "| (how long is | what is | what's) the warranty (on | for) | (does | do) | return"),
            ("product_tail", "cost | (in stock | available) | do you have | (price | stock | availability) | (have | come with) a warranty"),

            ("policy",
                "(what is | what's) your (return | refund | shipping | warranty | delivery) policy | (what is | what's) the (return | refund | shipping | warranty) policy " +
                "| (what are | what're) your [opening | business | store | office] hours | when (are you | do you) (open | close) | what time do you (open | close) " +
                "| how long (does | will) (shipping | delivery) take | how much is shipping | do you ship (internationally | overseas) " +
                "| (how long is | what is | what's) the warranty | how long do i have to return [it] " +
                "| (tell me about | what about) [your] (returns | return policy | shipping | delivery | warranty | hours | opening hours) " +
                "| (return | refund | shipping | warranty) policy | (opening | business) hours"),
            ("someone", "a human | a person | a real person | a human being | an agent | a human agent | a live agent | a real agent | a representative | an operator " +
                "| someone | somebody | a manager | your manager | a supervisor | customer service | customer support"),
            ("human",
                "[<want>] (talk | speak) (to | with) <someone> | (connect | transfer | put) me (to | with | through to) <someone> " +
                "| (human | agent | representative | operator | person) | get me <someone> | i (want | need) <someone> | (is there | can i get) <someone>"),
            ("answer",
                "yes | yeah | yep | yup | sure | okay | ok | alright | correct | right | that's right | that is right | exactly | of course | please do | go ahead " +
                "| yes please | no | nope | not really | no thanks | no thank you | that's wrong | that is wrong | never mind | i don't think so | not now"),
            ("thanks", "thanks | thank you | thank you very much | thanks a lot | that's (great | perfect | helpful | awesome) | that is (great | perfect | helpful)"),
            ("goodbye", "goodbye | bye | bye bye | see you | have a nice day | that's all | that is all | nothing else | i'm done | that's it | that's everything"),
            ("greeting", "hello | hi | hey | good morning | good afternoon | good evening | hi there | hello there | how are you"),
            ("complaint",
                "this is (ridiculous | unacceptable | terrible | awful | a joke | outrageous) | (i am | i'm) (not happy | angry | upset | very unhappy | frustrated | very angry | very upset) " +
                "| (your | the) service is (terrible | awful | bad | horrible) | i want to (make | file) a complaint | i (want | need) to complain " +
                "| (i'm going to | i will) call my lawyer | i've been waiting (forever | too long | for weeks) | this is the (second | third) time i'm calling " +
                "| you (people | guys) are (useless | terrible) | i got the wrong (item | product | order)"),
        ];
    }
}
