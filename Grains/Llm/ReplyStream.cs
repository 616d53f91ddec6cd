using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Voice;

namespace CallCenter.Llm;

/// <summary>
/// What the model says about its own turn, in the JSON object it puts before the reply (see the prompt's reply
/// format): the caller's intent, the caller's emotion from -1 to 1, and whether it is sure of its answer.
/// </summary>
public sealed record ReplyMeta(Intent? Intent, double? Emotion, bool Sure)
{
    public static readonly ReplyMeta None = new(null, null, true);
}

/// <summary>
/// Turns the model's streamed text into the reply's sentences as soon as each is complete. A leading JSON object is
/// the turn's <see cref="ReplyMeta"/>, never spoken. A sentence is complete when the text after it has started, so a
/// "$129." waits for its "00".
/// </summary>
public sealed class ReplyStream
{
    private const int MaxMetaChars = 600;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _all = new();
    private bool _metaDone;

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

        var text = _pending.ToString();
        var sentences = SentenceSplitter.Split(text);
        if (sentences.Count < 2)
        {
            return [];
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

    /// <summary>The stream ended: whatever is left is the last sentence.</summary>
    public IReadOnlyList<string> Finish()
    {
        if (!_metaDone)
        {
            _metaDone = true; // an unfinished meta object is not speech
            if (_pending.ToString().TrimStart().StartsWith('{'))
            {
                _pending.Clear();
            }
        }

        var sentences = SentenceSplitter.Split(_pending.ToString());
        _pending.Clear();
        foreach (var sentence in sentences)
        {
            _all.Append(sentence).Append(' ');
        }

        return sentences;
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
