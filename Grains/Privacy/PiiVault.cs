using CallCenter.Calls;

namespace CallCenter.Privacy;

/// <summary>
/// One value a call's vault holds, as the call's state persists it: the token, the kind, the hint shown in the mask,
/// and the value sealed with the vault key (AES-256-GCM), or null when no key is configured: then the value lives only
/// in the grain's memory.
/// </summary>
[GenerateSerializer, Alias("PiiVaultEntry")]
public sealed record PiiVaultEntry(
    [property: Id(0)] string Token,
    [property: Id(1)] PiiKind Kind,
    [property: Id(2)] string? Hint,
    [property: Id(3)] byte[]? Sealed);

/// <summary>
/// A call's reversible tokenization of personal data. <see cref="Redact"/> replaces what it finds with numbered
/// placeholders ("[CARD_1 ****1111]"), the same placeholder for the same value every time in the call; the real values
/// stay here, for tools to get back (<see cref="Values"/>) just before the CRM is called. What is stored, logged,
/// published or sent to a model is the redacted text.
/// </summary>
public sealed class PiiVault
{
    private readonly List<PiiVaultEntry> _entries;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byDigits = new(StringComparer.Ordinal);
    private readonly VaultSealer? _sealer;
    private readonly string _callId;

    /// <summary>A vault over a call's persisted <paramref name="entries"/> (kept in step as values are added).</summary>
    public PiiVault(string callId, List<PiiVaultEntry> entries, VaultSealer? sealer)
    {
        _callId = callId;
        _entries = entries;
        _sealer = sealer;
        foreach (var entry in entries)
        {
            if (entry.Sealed is not null && sealer?.Open(callId, entry.Token, entry.Sealed) is { } value)
            {
                Remember(entry.Token, entry.Kind, value);
            }
        }
    }

    public int Count => _entries.Count;

    /// <summary>The real values by token, for the model's tool calls to be resolved with.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>
    /// <paramref name="text"/> with its personal data replaced by the call's placeholders. <paramref name="entities"/>
    /// are what the language understanding found in it: a phone number it read is masked whatever its form.
    /// </summary>
    public string Redact(string text, IEnumerable<Entity>? entities = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var knownPhones = entities?.Where(e => e.Type == EntityTypes.Phone).Select(e => Digits(e.Value)).ToArray();
        var spans = PiiDetector.Find(text, knownPhones);
        return spans.Count == 0 ? text : PiiPlaceholders.Replace(text, spans, span => Placeholder(span.Kind, span.Value));
    }

    /// <summary>Entities with the personal ones (phone, e-mail) replaced by their placeholders.</summary>
    public Entity[] Redact(Entity[] entities)
    {
        if (!entities.Any(e => e.Type is EntityTypes.Phone or EntityTypes.Email))
        {
            return entities;
        }

        return [.. entities.Select(e => e.Type switch
        {
            // The understanding calls any 7 to 15 digits a phone number; the text may have been read as an SSN or a card.
            EntityTypes.Phone => e with { Value = _byDigits.TryGetValue(Digits(e.Value), out var token) ? Render(token) : Placeholder(PiiKind.Phone, e.Value) },
            EntityTypes.Email => e with { Value = Placeholder(PiiKind.Email, e.Value.ToLowerInvariant()) },
            _ => e,
        })];
    }

    /// <summary>The placeholder of a value of a known kind (a caller's number), adding it to the vault the first time.</summary>
    public string Placeholder(PiiKind kind, string value)
    {
        var key = Key(kind, value);
        if (!_tokens.TryGetValue(key, out var token))
        {
            token = $"{PiiPlaceholders.Prefix(kind)}_{_entries.Count(e => e.Kind == kind) + 1}";
            Remember(token, kind, value);
            _entries.Add(new PiiVaultEntry(token, kind, PiiPlaceholders.Hint(kind, value), _sealer?.Seal(_callId, token, value)));
        }

        return Render(token);
    }

    private string Render(string token) => PiiPlaceholders.Render(token, _entries.First(e => e.Token == token).Hint);

    private void Remember(string token, PiiKind kind, string value)
    {
        _values[token] = value;
        _tokens[Key(kind, value)] = token;
        if (kind is PiiKind.Card or PiiKind.Ssn or PiiKind.Phone or PiiKind.NationalId)
        {
            _byDigits.TryAdd(Digits(value), token);
        }
    }

    /// <summary>
    /// Takes back the values of this call's entries from its vault on another silo (the call grain moved): without a
    /// <c>Privacy:VaultKey</c> they exist only in memory, and the same card read out again must keep its placeholder.
    /// </summary>
    public void Recall(IReadOnlyDictionary<string, string> values)
    {
        foreach (var entry in _entries)
        {
            if (!_values.ContainsKey(entry.Token) && values.TryGetValue(entry.Token, out var value))
            {
                Remember(entry.Token, entry.Kind, value);
            }
        }
    }

    /// <summary>Forgets every value (the call ended: nothing will need them again). Placeholders already written stay.</summary>
    public void Clear()
    {
        _entries.Clear();
        _values.Clear();
        _tokens.Clear();
        _byDigits.Clear();
    }

    /// <summary>One value, one token: phone and card numbers compare by their digits, e-mail addresses and addresses by their text.</summary>
    private static string Key(PiiKind kind, string value) => kind switch
    {
        PiiKind.Email => "EMAIL " + value.Trim().ToLowerInvariant(),
        PiiKind.Address => "ADDRESS " + string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
        PiiKind.NationalId => "ID " + value.ToUpperInvariant(),
        _ => PiiPlaceholders.Prefix(kind) + " " + Digits(value),
    };

    private static string Digits(string value) => new(PiiDetector.Fold(value).Where(char.IsAsciiDigit).ToArray());
}
