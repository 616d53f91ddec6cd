using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Voice;

namespace CallCenter.Llm;

/// <summary>
/// What the model says about its own turn (see the prompt's reply format): whether it is sure of its answer, the
/// caller's intent, and the caller's emotion from -1 to 1.
/// </summary>
public sealed record ReplyMeta(Intent? Intent, double? Emotion, bool Sure)
{
    public static readonly ReplyMeta None = new(null, null, true);
}

/// <summary>
/// Turns the model's streamed text into the reply's sentences as soon as each is complete, and reads the turn's
/// <see cref="ReplyMeta"/> off it, never spoken. The prompt asks for the fast form: a "[sure]" or "[unsure]" tag (two
/// tokens, so the words start at once and an unsure small model is caught before it says anything), the words, then a
/// JSON object with the intent and emotion at the end. A JSON object at the front (all of it before the words) is read
/// too. A sentence is complete when the text after it has started, so a "$129." waits for its "00"; the words end
/// where the closing object starts.
/// <para>
/// With <paramref name="speakFirstClause"/> (spoken replies), the reply's first clause goes on alone as soon as it is
/// complete ("Sorry," or "好的，"), before the rest of its sentence: a model streaming at a realistic pace takes 150 ms
/// or more to write a whole first sentence, and the caller waits for every character of it. Only the first: by the
/// time it has been said, the next sentences are ready. A comma is a clause end only with a space after it (not
/// "1,000"); a Chinese comma, enumeration comma or colon needs none.
/// </para>
/// </summary>
public sealed class ReplyStream(bool speakFirstClause = false)
{
    private const int MaxMetaChars = 600;
    private const int MaxTagChars = 10;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _all = new();
    private bool _metaDone;
    private bool? _tagSure;
    private bool _trailer;

    public ReplyMeta Meta { get; private set; } = ReplyMeta.None;

    /// <summary>True once the meta object has been read (or the reply turned out to have none).</summary>
    public bool MetaKnown => _metaDone;

    /// <summary>The reply so far, without the meta object.</summary>
    public string Text => _all.ToString().Trim();

    /// <summary>Adds a piece of streamed text; returns the sentences it completed.</summary>
    public IReadOnlyList<string> Add(string delta)
    {
        _pending.Append(delta);
        if (!_metaDone && !TryReadMeta())
        {
            return [];
        }

        if (_trailer)
        {
            return []; // the words are over; the closing object is read at the end
        }

        var text = _pending.ToString();
        var brace = text.IndexOf('{');
        if (brace >= 0)
        {
            // The closing object has started: every sentence before it is complete.
            _trailer = true;
            _pending.Remove(0, brace);
            return Said(SentenceSplitter.Split(text[..brace]));
        }

        var sentences = SentenceSplitter.Split(text);
        if (sentences.Count < 2)
        {
            return speakFirstClause && _all.Length == 0 && FirstClauseEnd(text) is var end and > 0 ? Clause(text, end) : [];
        }

        var complete = sentences.Take(sentences.Count - 1).ToList();
        // The splitter trims the unfinished sentence: keep a trailing space, or "Your " + "order" would read "Yourorder".
        _pending.Clear().Append(sentences[^1]).Append(char.IsWhiteSpace(text[^1]) ? " " : "");
        foreach (var sentence in complete)
        {
            _all.Append(sentence).Append(' ');
        }

        return complete;
    }

    /// <summary>The stream ended: whatever is left is the last sentence (or the closing object).</summary>
    public IReadOnlyList<string> Finish()
    {
        if (!_metaDone)
        {
            _metaDone = true; // an unfinished meta object or tag is not speech
            if (_pending.ToString().TrimStart() is var start && (start.StartsWith('{') || start.StartsWith('[')))
            {
                _pending.Clear();
            }
        }

        var rest = _pending.ToString();
        _pending.Clear();
        if (_trailer)
        {
            var json = rest.Trim();
            var end = ClosingBrace(json, 0);
            var closing = end < 0 ? ReplyMeta.None : Parse(json.AsSpan(0, end + 1));
            Meta = closing with { Sure = _tagSure ?? closing.Sure };
            return [];
        }

        return Said(SentenceSplitter.Split(rest));
    }

    /// <summary>The first clause of the unfinished first sentence, said alone; the rest stays pending.</summary>
    private List<string> Clause(string text, int end)
    {
        _pending.Clear().Append(text.AsSpan(end).TrimStart());
        return Said([text[..end].Trim()]);
    }

    /// <summary>Where the first clause of <paramref name="text"/> ends (after its punctuation), or 0 when none has yet.</summary>
    private static int FirstClauseEnd(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var words = i > 0 && char.IsLetterOrDigit(text[i - 1]);
            if (c is '，' or '、' or '：' && words)
            {
                return i + 1;
            }

            if (c is ',' or ';' or ':' && words && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private List<string> Said(IEnumerable<string> sentences)
    {
        var said = sentences.ToList();
        foreach (var sentence in said)
        {
            _all.Append(sentence).Append(' ');
        }

        return said;
    }

    /// <summary>Reads the meta object off the front once it is complete. False while it may still be arriving.</summary>
    private bool TryReadMeta()
    {
        var text = _pending.ToString();
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        if (start == text.Length)
        {
            return false;
        }

        if (text[start] == '[')
        {
            var close = text.IndexOf(']', start);
            if (close < 0 && text.Length - start <= MaxTagChars)
            {
                return false;
            }

            var tag = close < 0 ? "" : text[(start + 1)..close].Trim().ToLowerInvariant();
            if (tag is "sure" or "unsure")
            {
                _tagSure = tag == "sure";
                Meta = Meta with { Sure = _tagSure.Value };
                _pending.Remove(0, close + 1);
            }

            _metaDone = true;
            return true;
        }

        if (text[start] != '{')
        {
            _metaDone = true;
            return true;
        }

        var end = ClosingBrace(text, start);
        if (end < 0)
        {
            if (text.Length - start <= MaxMetaChars)
            {
                return false;
            }

            _pending.Clear(); // a runaway object is not speech either
            _metaDone = true;
            return true;
        }

        Meta = Parse(text.AsSpan(start, end - start + 1));
        _pending.Remove(0, end + 1);
        _metaDone = true;
        return true;
    }

    private static int ClosingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }

            if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return i;
        }

        return -1;
    }

    private static ReplyMeta Parse(ReadOnlySpan<char> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToString());
            var root = document.RootElement;
            Intent? intent = root.TryGetProperty("intent", out var i) && i.ValueKind == JsonValueKind.String
                && Enum.TryParse<Intent>(i.GetString()!.Replace("_", ""), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed : null; // TryParse also takes any number ("42")
            double? emotion = root.TryGetProperty("emotion", out var e) && e.ValueKind == JsonValueKind.Number
                ? Math.Clamp(e.GetDouble(), -1, 1) : null;
            var sure = !root.TryGetProperty("sure", out var s) || s.ValueKind != JsonValueKind.False;
            return new ReplyMeta(intent, emotion, sure);
        }
        catch (JsonException)
        {
            return ReplyMeta.None; // a garbled header costs the turn its meta, not its answer
        }
    }
}
