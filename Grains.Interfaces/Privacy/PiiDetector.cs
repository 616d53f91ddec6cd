using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CallCenter.Privacy;

/// <summary>
/// Finds personal data in English and Chinese text: card numbers (Luhn-checked), US Social Security numbers, China
/// resident ID numbers (check digit, or the 15-digit legacy form with a valid birth date), phone numbers (NANP,
/// international "+", China mobile and landline), e-mail addresses (also spoken: "bob dot m at example dot com") and
/// postal addresses (US street addresses, Chinese addresses down to the road or compound).
/// <para>
/// Numbers are read the way callers give them: grouped with spaces, dashes, dots or parentheses, in full-width digits,
/// spelled out ("four one one one …", "double five") or in Chinese numerals ("一三八…"). Digits glued to letters are part
/// of an identifier and never personal data here: order numbers (A1001), tracking numbers (1Z999AA…, SF…), RMAs. Digit
/// strings that fit no rule stay (dates, prices, quantities, four-digit order numbers, 22-digit tracking numbers).
/// </para>
/// Pure and linear in the text's length; the regular expressions have bounded repetition and a match timeout.
/// </summary>
public static partial class PiiDetector
{
    /// <summary>
    /// The personal data in <paramref name="text"/>, in order, not overlapping. <paramref name="knownPhones"/> are the
    /// digits of numbers the language understanding already took for phone numbers in the same text: a digit run with
    /// those digits is masked as a phone number whatever its form.
    /// </summary>
    public static List<PiiSpan> Find(string text, IReadOnlyCollection<string>? knownPhones = null)
    {
        var candidates = new List<PiiSpan>();
        if (string.IsNullOrEmpty(text))
        {
            return candidates;
        }

        var folded = Fold(text);
        FindNumbers(folded, knownPhones, candidates);
        if (folded.Contains('@') || folded.Contains(" at ", StringComparison.OrdinalIgnoreCase))
        {
            FindEmails(folded, candidates);
        }

        FindAddresses(folded, candidates);
        return candidates.Count <= 1 ? candidates : NonOverlapping(candidates);
    }

    /// <summary>
    /// Full-width forms (Chinese input methods type ０-９, ＋, ＠, （）) to ASCII and dashes to '-', character for character,
    /// so every index in the folded text is the same character's index in the original.
    /// </summary>
    public static string Fold(string text)
    {
        char[]? folded = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var f = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' or '\uFE63' => '-',
                _ => c,
            };
            if (f != c)
            {
                folded ??= text.ToCharArray();
                folded[i] = f;
            }
        }

        return folded is null ? text : new string(folded);
    }

    /// <summary>Keeps the longest of overlapping candidates (an e-mail address over the phone-like digits inside it).</summary>
    private static List<PiiSpan> NonOverlapping(List<PiiSpan> candidates)
    {
        var kept = new List<PiiSpan>(candidates.Count);
        foreach (var candidate in candidates.OrderByDescending(c => c.Length).ThenBy(c => c.Start))
        {
            if (kept.TrueForAll(k => candidate.End <= k.Start || candidate.Start >= k.End))
            {
                kept.Add(candidate);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    // ---- Numbers ---------------------------------------------------------------------------------------------------

    private enum UnitKind { Digit, Cjk, Word }

    private readonly record struct Unit(string Digits, int End, UnitKind Kind);

    /// <summary>A group of digits written together (no separator inside): where it is in the text and in the run's digits.</summary>
    private readonly record struct Group(int TextStart, int TextEnd, int DigitStart, int DigitCount);

    private static readonly string[] DigitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static readonly string[] PhoneWords =
        ["phone", "mobile", "cell", "call me", "reach me", "text me", "contact", "tel:", "tel.", "tel ", "whatsapp", "my number", "电话", "手机", "联系", "致电"];

    private static readonly string[] SsnWords = ["ssn", "social security", "social", "社会安全"];

    private static readonly string[] SsnLastFourWords = ["ssn", "social security", "my social"];

    private static void FindNumbers(string f, IReadOnlyCollection<string>? knownPhones, List<PiiSpan> found)
    {
        var i = 0;
        while (i < f.Length)
        {
            if (!TryUnit(f, i, inRun: false, out var first))
            {
                i++;
                continue;
            }

            var digits = new StringBuilder();
            var groups = new List<Group>();
            var spelled = false;
            var unit = first;
            var at = i;
            var previousKind = (UnitKind?)null;
            var glued = false;
            while (true)
            {
                spelled |= unit.Kind == UnitKind.Word;
                if (glued && unit.Kind != UnitKind.Word && unit.Kind == previousKind)
                {
                    var last = groups[^1];
                    groups[^1] = last with { TextEnd = unit.End, DigitCount = last.DigitCount + unit.Digits.Length };
                }
                else
                {
                    groups.Add(new Group(at, unit.End, digits.Length, unit.Digits.Length));
                }

                digits.Append(unit.Digits);
                previousKind = unit.Kind;
                var gapStart = unit.End;
                var next = gapStart;
                while (next < f.Length && next - gapStart < 4 && f[next] is ' ' or '\t' or '-' or '.' or '(' or ')' or ',')
                {
                    next++;
                }

                if (next - gapStart >= 4 || !TryUnit(f, next, inRun: true, out var following) || !GapAllowed(f, gapStart, next, unit.Kind, following.Kind))
                {
                    break;
                }

                glued = next == gapStart;
                at = next;
                unit = following;
            }

            var end = groups[^1].TextEnd;
            Classify(f, i, end, digits.ToString(), groups, spelled, knownPhones, found);
            i = end;
        }
    }

    /// <summary>Two units belong to one number across this gap: not across a sentence end, a line, or a comma between digits.</summary>
    private static bool GapAllowed(string f, int start, int end, UnitKind before, UnitKind after)
    {
        if (end == start)
        {
            return true;
        }

        // "the other one 5555 5555 5555 4444": a number read out in words and one written in digits are two numbers.
        if ((before == UnitKind.Word) != (after == UnitKind.Word))
        {
            return false;
        }

        var gap = f.AsSpan(start, end - start);
        if (gap.Contains(',') && (before != UnitKind.Word || after != UnitKind.Word))
        {
            return false;
        }

        // "1001. 5550101" is two sentences; "555.0101" is one number.
        return !(gap.Contains('.') && (gap.Contains(' ') || gap.Contains('\t')));
    }

    private static bool TryUnit(string f, int i, bool inRun, out Unit unit)
    {
        unit = default;
        if (i >= f.Length)
        {
            return false;
        }

        var c = f[i];
        if (char.IsAsciiDigit(c))
        {
            unit = new Unit(c.ToString(), i + 1, UnitKind.Digit);
            return true;
        }

        if (CjkDigit(c) is { } d)
        {
            unit = new Unit(d.ToString(CultureInfo.InvariantCulture), i + 1, UnitKind.Cjk);
            return true;
        }

        if (!char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiLetter(f[i - 1]) || f[i - 1] == '\'')))
        {
            return false;
        }

        var end = i;
        while (end < f.Length && char.IsAsciiLetter(f[end]))
        {
            end++;
        }

        if (end < f.Length && (char.IsAsciiDigit(f[end]) || f[end] is '_' or '\''))
        {
            return false;
        }

        var word = f.AsSpan(i, end - i);
        if (end - i > 6)
        {
            return false;
        }

        for (var value = 0; value < DigitWords.Length; value++)
        {
            if (word.Equals(DigitWords[value], StringComparison.OrdinalIgnoreCase))
            {
                unit = new Unit(value.ToString(CultureInfo.InvariantCulture), end, UnitKind.Word);
                return true;
            }
        }

        // "oh" for zero only inside a number ("five five five oh one oh one"), never as its first digit.
        if (inRun && (word.Equals("oh", StringComparison.OrdinalIgnoreCase) || word.Equals("o", StringComparison.OrdinalIgnoreCase)))
        {
            unit = new Unit("0", end, UnitKind.Word);
            return true;
        }

        var times = word.Equals("double", StringComparison.OrdinalIgnoreCase) ? 2 : word.Equals("triple", StringComparison.OrdinalIgnoreCase) ? 3 : 0;
        if (times > 0)
        {
            var next = end;
            while (next < f.Length && f[next] == ' ')
            {
                next++;
            }

            if (next > end && next < f.Length && TryUnit(f, next, inRun: true, out var repeated) && repeated.Digits.Length == 1
                && (repeated.Kind == UnitKind.Word || repeated.End == f.Length || !char.IsAsciiDigit(f[repeated.End])))
            {
                unit = new Unit(new string(repeated.Digits[0], times), repeated.End, UnitKind.Word);
                return true;
            }
        }

        return false;
    }

    private static int? CjkDigit(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' or '幺' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => null,
    };

    /// <summary>Decides what a digit run is; when the whole run is nothing, tries its two halves at each group boundary.</summary>
    private static void Classify(string f, int start, int end, string digits, List<Group> groups, bool spelled,
        IReadOnlyCollection<string>? knownPhones, List<PiiSpan> found)
    {
        if (Kind(f, start, end, digits, groups, spelled, knownPhones) is { } whole)
        {
            found.Add(whole);
            return;
        }

        // "order 1001 555-0101": the order number and the phone number ran together.
        if (groups.Count is < 2 or > 8 || spelled)
        {
            return;
        }

        for (var split = 1; split < groups.Count; split++)
        {
            var tail = groups.GetRange(split, groups.Count - split);
            var head = groups.GetRange(0, split);
            var tailDigits = digits[tail[0].DigitStart..];
            var headDigits = digits[..tail[0].DigitStart];
            var headSpan = Kind(f, start, head[^1].TextEnd, headDigits, head, false, knownPhones);
            var tailSpan = Kind(f, tail[0].TextStart, end, tailDigits, Rebase(tail), false, knownPhones);
            if (headSpan is not null || tailSpan is not null)
            {
                if (headSpan is { } h) found.Add(h);
                if (tailSpan is { } t) found.Add(t);
                return;
            }
        }
    }

    private static List<Group> Rebase(List<Group> groups)
    {
        var offset = groups[0].DigitStart;
        return groups.ConvertAll(g => g with { DigitStart = g.DigitStart - offset });
    }

    private static PiiSpan? Kind(string f, int start, int end, string digits, List<Group> groups, bool spelled, IReadOnlyCollection<string>? knownPhones)
    {
        // What is written right before the digits: "+", "(", "%2B" (a URL-encoded "+") belong to the number.
        var spanStart = start;
        var plus = false;
        if (spanStart > 0 && f[spanStart - 1] == '(')
        {
            spanStart--;
        }

        if (spanStart > 0 && f[spanStart - 1] == '+')
        {
            spanStart--;
            plus = true;
        }
        else if (spanStart >= 3 && f.AsSpan(spanStart - 3, 3).Equals("%2B", StringComparison.OrdinalIgnoreCase))
        {
            spanStart -= 3;
            plus = true;
        }

        // Glued to letters or underscores: an identifier (A1001, SF1234567890123, CARD_1), never personal data here.
        var spanEnd = end;
        var trailingX = false;
        if (spanEnd < f.Length && f[spanEnd] is 'X' or 'x' && digits.Length == 17 && (spanEnd + 1 == f.Length || !IsWordChar(f[spanEnd + 1])))
        {
            trailingX = true;
            spanEnd++;
        }

        if ((spanStart > 0 && IsWordChar(f[spanStart - 1])) || (!trailingX && spanEnd < f.Length && IsWordChar(f[spanEnd])))
        {
            return null;
        }

        var n = digits.Length;
        PiiSpan Span(PiiKind kind, string value) => new(kind, spanStart, spanEnd - spanStart, value);

        if (trailingX)
        {
            return ChinaId.IsValid18(digits + "X") ? Span(PiiKind.NationalId, digits + "X") : null;
        }

        if (!plus)
        {
            if (n == 18 && ChinaId.IsValid18(digits))
            {
                return Span(PiiKind.NationalId, digits);
            }

            if (n is >= 13 and <= 19 && digits[0] is >= '2' and <= '6' && Luhn(digits))
            {
                return Span(PiiKind.Card, digits);
            }

            if (n == 9 && SsnValid(digits) && ((groups.Count == 3 && Lengths(groups, 3, 2, 4)) || ((groups.Count == 1 || spelled) && Near(f, spanStart, 40, SsnWords))))
            {
                return Span(PiiKind.Ssn, digits);
            }

            // "the last four of my social are 6789": a verification secret too.
            if (n == 4 && Near(f, spanStart, 30, SsnLastFourWords))
            {
                return Span(PiiKind.Ssn, digits);
            }

            if (n == 15 && groups.Count == 1 && !spelled && ChinaId.IsValid15(digits))
            {
                return Span(PiiKind.NationalId, digits);
            }
        }

        return IsPhone(f, spanStart, digits, groups, spelled, plus, knownPhones)
            ? Span(PiiKind.Phone, plus ? "+" + digits : digits)
            : null;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsPhone(string f, int start, string d, List<Group> groups, bool spelled, bool plus, IReadOnlyCollection<string>? knownPhones)
    {
        var n = d.Length;
        if (n is < 7 or > 17)
        {
            return false;
        }

        if (plus)
        {
            return n <= 15;
        }

        // The understanding reads any 7 to 15 digits as a phone number; written as one group or read out, so is it here
        // ("1986-03-14" and "19860314" are dates of birth).
        if (knownPhones is not null && knownPhones.Contains(d) && (groups.Count == 1 || spelled)
            && !(n == 8 && DateOnly.TryParseExact(d, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return true;
        }

        // Read out ("five five five …") or typed digit by digit ("5 5 5 0 1 0 1"): a number given to be written down.
        if (n <= 15 && (spelled || groups.TrueForAll(g => g.DigitCount == 1) || Near(f, start, 40, PhoneWords)))
        {
            return true;
        }

        // Dialled international: 00 and the country code.
        if (d.StartsWith("00", StringComparison.Ordinal) && n >= 10 && d[2] != '0')
        {
            return true;
        }

        var bare = groups.Count == 1;
        if ((bare && n == 10 && Nanp(d)) || (bare && n == 11 && d[0] == '1' && Nanp(d[1..]))
            || (groups.Count == 3 && Lengths(groups, 3, 3, 4) && Nanp(d))
            || (groups.Count == 4 && Lengths(groups, 1, 3, 3, 4) && d[0] == '1' && Nanp(d[1..]))
            || (groups.Count == 2 && Lengths(groups, 3, 4) && d[0] is >= '2' and <= '9'))
        {
            return true;
        }

        if (n == 11 && ChinaMobile(d) && (bare || Lengths(groups, 3, 4, 4) || Lengths(groups, 3, 8)))
        {
            return true;
        }

        if (n == 13 && d.StartsWith("86", StringComparison.Ordinal) && ChinaMobile(d[2..])
            && (bare || Lengths(groups, 2, 3, 4, 4) || Lengths(groups, 2, 11)))
        {
            return true;
        }

        // China landlines: area code with its 0, then 7 or 8 digits (010-12345678, 0755 1234567).
        return d[0] == '0' && groups.Count == 2 && groups[0].DigitCount is 3 or 4 && groups[1].DigitCount is 7 or 8;
    }

    private static bool Lengths(List<Group> groups, params int[] lengths)
    {
        if (groups.Count != lengths.Length)
        {
            return false;
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            if (groups[i].DigitCount != lengths[i]) return false;
        }

        return true;
    }

    /// <summary>A North American number: area code and exchange start with 2 to 9.</summary>
    private static bool Nanp(string d) => d.Length == 10 && d[0] is >= '2' and <= '9' && d[3] is >= '2' and <= '9';

    private static bool ChinaMobile(string d) => d.Length == 11 && d[0] == '1' && d[1] is >= '3' and <= '9';

    private static bool SsnValid(string d) =>
        d[..3] is not ("000" or "666") && d[0] != '9' && d[3..5] != "00" && d[5..] != "0000";

    public static bool Luhn(string digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>Whether one of <paramref name="words"/> is written in the <paramref name="window"/> characters before <paramref name="start"/>.</summary>
    private static bool Near(string f, int start, int window, string[] words)
    {
        var from = Math.Max(0, start - window);
        var before = f.AsSpan(from, start - from);
        foreach (var word in words)
        {
            if (before.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The China resident identity card number (GB 11643): region, birth date, sequence, ISO 7064 MOD 11-2 check.</summary>
    public static class ChinaId
    {
        private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        private const string Checks = "10X98765432";

        public static bool IsValid18(string id)
        {
            if (id.Length != 18 || id[0] is < '1' or > '8' || !BirthDate(id.AsSpan(6, 8), "yyyyMMdd"))
            {
                return false;
            }

            var sum = 0;
            for (var i = 0; i < 17; i++)
            {
                if (!char.IsAsciiDigit(id[i])) return false;
                sum += (id[i] - '0') * Weights[i];
            }

            return char.ToUpperInvariant(id[17]) == Checks[sum % 11];
        }

        /// <summary>The legacy 15-digit number (issued until 1999): region and a birth date in the 1900s, no check digit.</summary>
        public static bool IsValid15(string id) =>
            id.Length == 15 && id[0] is >= '1' and <= '8' && BirthDate(string.Concat("19", id.AsSpan(6, 6)), "yyyyMMdd");

        private static bool BirthDate(ReadOnlySpan<char> text, string format) =>
            DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 1900 and <= 2099;
    }

    // ---- E-mail ----------------------------------------------------------------------------------------------------

    // What a recognizer writes after the "at" of "bob dot m at example dot com".
    [GeneratedRegex(@"\G(?<domain>[a-z0-9]+(?:\s+dot\s+[a-z0-9]+){0,3}?)\s+dot\s+(?<tld>com|net|org|edu|gov|io|cn|co|uk|us|ca|de|fr|jp|info|biz|me)(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex SpokenDomain();

    private static readonly string[] SpokenJoins = [" dot ", " underscore ", " dash "];

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>The address around an '@': a local part and a domain with a dot and a top-level domain of letters.</summary>
    private static PiiSpan? WrittenEmailAround(string f, int at)
    {
        static bool Local(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
        static bool Domain(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';

        var start = at;
        while (start > 0 && at - start < 64 && Local(f[start - 1]))
        {
            start--;
        }

        while (start < at && !char.IsAsciiLetterOrDigit(f[start]))
        {
            start++;
        }

        var end = at + 1;
        while (end < f.Length && end - at <= 253 && Domain(f[end]))
        {
            end++;
        }

        while (end > at + 1 && !char.IsAsciiLetter(f[end - 1]))
        {
            end--;
        }

        var lastDot = f.LastIndexOf('.', end - 1, end - at - 1);
        if (start == at || lastDot <= at + 1 || end - lastDot - 1 < 2 || f.AsSpan(lastDot + 1, end - lastDot - 1).ContainsAnyExcept(AsciiLetters))
        {
            return null;
        }

        return new PiiSpan(PiiKind.Email, start, end - start, f[start..end].ToLowerInvariant());
    }

    /// <summary>"bob dot m at example dot com": the user is up to five words joined by "dot", "underscore" or "dash" before " at ".</summary>
    private static PiiSpan? SpokenEmailAround(string f, int at)
    {
        var domain = SpokenDomain().Match(f, at + 4);
        if (!domain.Success)
        {
            return null;
        }

        var user = new List<string>();
        var start = at;
        for (var words = 0; words < 5; words++)
        {
            var wordEnd = start;
            while (start > 0 && char.IsAsciiLetterOrDigit(f[start - 1]))
            {
                start--;
            }

            if (start == wordEnd)
            {
                return null;
            }

            user.Insert(0, f[start..wordEnd]);
            var join = Array.FindIndex(SpokenJoins, j => start >= j.Length && f.AsSpan(start - j.Length, j.Length).Equals(j, StringComparison.OrdinalIgnoreCase));
            if (join < 0 || start - SpokenJoins[join].Length == 0)
            {
                break;
            }

            user.Insert(0, join switch { 0 => ".", 1 => "_", _ => "-" });
            start -= SpokenJoins[join].Length;
        }

        if (start > 0 && char.IsAsciiLetterOrDigit(f[start - 1]))
        {
            return null;
        }

        var name = string.Concat(user) + "@" + string.Join('.', domain.Groups["domain"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Equals("dot", StringComparison.OrdinalIgnoreCase)))
            + "." + domain.Groups["tld"].Value;
        return new PiiSpan(PiiKind.Email, start, domain.Index + domain.Length - start, name.ToLowerInvariant());
    }

    private static void FindEmails(string f, List<PiiSpan> found)
    {
        try
        {
            for (var at = f.IndexOf('@'); at >= 0; at = f.IndexOf('@', at + 1))
            {
                if (WrittenEmailAround(f, at) is { } email)
                {
                    found.Add(email);
                }
            }

            for (var at = f.IndexOf(" at ", StringComparison.OrdinalIgnoreCase); at > 0; at = f.IndexOf(" at ", at + 3, StringComparison.OrdinalIgnoreCase))
            {
                if (SpokenEmailAround(f, at) is { } email)
                {
                    found.Add(email);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological input: what was found so far stands; numbers are still masked.
        }
    }

    // ---- Addresses -------------------------------------------------------------------------------------------------

    private static readonly HashSet<string> StreetSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "way",
        "place", "pl", "terrace", "ter", "parkway", "pkwy", "circle", "cir", "highway", "hwy", "square", "sq", "trail", "trl",
        "plaza", "alley", "loop", "row", "crescent",
    };

    // Words that are never part of a street's name: "order 1001 is on the way" is not an address.
    private static readonly HashSet<string> NotAStreetName = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "on", "in", "at", "to", "the", "a", "an", "my", "your", "his", "her", "our", "their", "and",
        "or", "of", "for", "by", "it", "its", "be", "been", "will", "would", "has", "have", "had", "not", "no", "with", "from",
        "that", "this", "these", "those", "i", "you", "we", "they", "he", "she", "me", "us", "them", "more", "less", "than", "per",
        "each", "every", "all", "any", "some", "few", "many", "much", "days", "day", "weeks", "week", "months", "month", "years",
        "year", "hours", "hour", "minutes", "items", "item", "orders", "order", "times", "about", "after", "before", "then",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Suffixes = StreetSuffixes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotAStreetNames = NotAStreetName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] AddressWords =
        ["address", "live", "living", "lives", "ship", "shipping", "deliver", "send", "mail", "located", "moved", "billing", "residence", "home is"];

    [GeneratedRegex(@"^\d{1,6}[a-z]?(?:-\d{1,5})?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HouseNumber();

    // What may follow a street: a unit, then ", City, ST 12345" or a ZIP. Tried only where a street was found.
    [GeneratedRegex(
        @"\G\.?(?<unit>,?\s*(?:apt|apartment|suite|ste|unit|fl|floor|room|rm|\#)\.?\s*\#?[a-z0-9\-]{1,6}\b)?" +
        @"(?<tail>,\s*[a-z][a-z'.\-]*(?:\s+[a-z][a-z'.\-]*){0,2},?\s+(?-i:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b(?:\s+\d{5}(?:-\d{4})?)?" +
        @"|\s+\d{5}(?:-\d{4})?\b)?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex AfterStreet();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:p\.?\s?o\.?\s*box|post\s+office\s+box)\s+\d{1,6}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex PostOfficeBox();

    private static void FindAddresses(string f, List<PiiSpan> found)
    {
        try
        {
            if (f.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
            {
                FindUsStreets(f, found);
                if (f.Contains("box", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (Match m in PostOfficeBox().Matches(f))
                    {
                        found.Add(new PiiSpan(PiiKind.Address, m.Index, m.Length, Collapse(m.Value)));
                    }
                }
            }

            FindChineseAddresses(f, found);
        }
        catch (RegexMatchTimeoutException)
        {
            // Pathological input: what was found so far stands.
        }
    }

    /// <summary>
    /// A house number, one to four words of a name, a street suffix ("123 Main Street", "1600 pennsylvania avenue"), then
    /// what follows it. Found from the suffixes backwards, so the cost is one pass over the words.
    /// </summary>
    private static void FindUsStreets(string f, List<PiiSpan> found)
    {
        // The last six words seen (a number, up to four name words, the suffix): one pass, nothing kept beyond them.
        Span<(int Start, int End)> recent = stackalloc (int, int)[6];
        var count = 0;
        for (var i = 0; i < f.Length;)
        {
            if (!char.IsAsciiLetterOrDigit(f[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < f.Length && (char.IsAsciiLetterOrDigit(f[i]) || f[i] is '\'' or '-'))
            {
                i++;
            }

            recent[count % 6] = (start, i);
            count++;
            if (count >= 3 && Suffixes.Contains(f.AsSpan(start, i - start)) && StreetBefore(f, recent, count) is { } street)
            {
                found.Add(street);
            }
        }
    }

    /// <summary>The street ending with the latest word (a suffix), or null: tries one to four name words before it.</summary>
    private static PiiSpan? StreetBefore(string f, Span<(int Start, int End)> recent, int count)
    {
        var suffix = recent[(count - 1) % 6];
        for (var names = 1; names <= 4 && count - names - 2 >= 0; names++)
        {
            var number = recent[(count - names - 2) % 6];
            var valid = HouseNumber().IsMatch(f.AsSpan(number.Start, number.End - number.Start));
            var capitalized = true;
            for (var w = count - names - 2; valid && w < count - 1; w++)
            {
                var (wordStart, wordEnd) = recent[w % 6];
                var (nextStart, _) = recent[(w + 1) % 6];
                valid = SpacedOnly(f, wordEnd, nextStart);
                if (w > count - names - 2)
                {
                    valid &= !NotAStreetNames.Contains(f.AsSpan(wordStart, wordEnd - wordStart));
                    capitalized &= char.IsUpper(f[wordStart]) || char.IsAsciiDigit(f[wordStart]);
                }
            }

            if (!valid)
            {
                continue;
            }

            var after = AfterStreet().Match(f, suffix.End);
            var end = suffix.End + (after.Success ? after.Length : 0);
            // "2 hard drive" is not an address: a street counts when its name is capitalized ("123 Main Street"),
            // when a unit, city or ZIP follows, or when the caller is talking about an address ("I live at 123 main street").
            var evidence = capitalized || (after.Success && (after.Groups["unit"].Success || after.Groups["tail"].Success))
                || Near(f, number.Start, 48, AddressWords);
            return evidence ? new PiiSpan(PiiKind.Address, number.Start, end - number.Start, Collapse(f[number.Start..end])) : null;
        }

        return null;
    }

    /// <summary>Only white space between two positions (the words of a street are written together).</summary>
    private static bool SpacedOnly(string f, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!char.IsWhiteSpace(f[i])) return false;
        }

        return to > from;
    }

    // Longer markers first: "大街" before "街", "新村" before "村".
    private static readonly (string Marker, bool Street)[] Markers =
    [
        ("胡同", true), ("大道", true), ("大街", true), ("路", true), ("街", true), ("巷", true), ("弄", true),
        ("小区", false), ("花园", false), ("公寓", false), ("大厦", false), ("新村", false), ("村", false),
    ];

    private const string MarkerStarts = "胡大路街巷弄小花公新村";

    // Pronouns, verbs and particles that lead into an address ("我住在", "请寄到") and are not part of it.
    private const string NotAPlace = "我你您他她它们是在住到的了址寄送把给往请要想帮改为换收件那这哪就也还从与及呢吗吧啊哦嗯呀说告诉问查，。、；：！？ ";

    private const string AdminSuffixes = "省市区县镇乡州旗";

    [GeneratedRegex(@"\G(?<house>(?:[0-9一二三四五六七八九十]{1,3}段)?[0-9一二三四五六七八九十百零〇]{1,6}(?:号|號))?(?<rooms>(?:[0-9A-Za-z一二三四五六七八九十零〇]{1,6}(?:号楼|栋|幢|座|单元|楼|层|室|户))*)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AfterChineseStreet();

    /// <summary>
    /// A road (路, 街, 巷, 弄, 胡同, 大道) or a compound (小区, 花园, 村 …) with the place names before it, down to the house
    /// number and the room. A road counts with a province, city, district or town before it or a house number after it
    /// ("北京市朝阳区建国路", "建国路88号"); a compound with a place or a building and room ("XX小区3栋2单元"). "一路顺风"
    /// and "在路上" are not addresses.
    /// </summary>
    private static void FindChineseAddresses(string f, List<PiiSpan> found)
    {
        for (var i = 0; i < f.Length; i++)
        {
            if (!MarkerStarts.Contains(f[i]))
            {
                continue;
            }

            var marker = Array.FindIndex(Markers, m => f.AsSpan(i).StartsWith(m.Marker, StringComparison.Ordinal));
            if (marker < 0)
            {
                continue;
            }

            var (text, street) = Markers[marker];
            var end = i + text.Length;
            var start = i;
            while (start > 0 && i - start < 20 && IsPlace(f[start - 1]))
            {
                start--;
            }

            if (start == i)
            {
                i = end - 1;
                continue;
            }

            var admin = f.AsSpan(start + 1, i - start - 1).IndexOfAny(AdminSuffixes) >= 0;
            var after = AfterChineseStreet().Match(f, end);
            var house = after.Groups["house"].Success;
            var rooms = after.Groups["rooms"].Length > 0;
            if (street ? admin || house : admin || rooms)
            {
                found.Add(new PiiSpan(PiiKind.Address, start, end + after.Length - start, f[start..(end + after.Length)]));
            }

            i = end + after.Length - 1;
        }
    }

    private static bool IsPlace(char c) => (c is >= '\u4E00' and <= '\u9FFF' || char.IsAsciiDigit(c)) && !NotAPlace.Contains(c);

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
