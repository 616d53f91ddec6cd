namespace CallCenter.Voice.Engines;

/// <summary>
/// The words of a CMU-format pronouncing dictionary ("word PH ON ES" per line, variants as "word(2)") with their first
/// pronunciation. The grammar builder needs it to keep every grammar word pronounceable: PocketSphinx refuses a
/// grammar with a single word it does not know, and a product name such as "AeroBuds" is not in cmudict.
/// </summary>
public sealed class PronouncingDictionary
{
    private readonly Dictionary<string, string> _phones;

    private PronouncingDictionary(Dictionary<string, string> phones) => _phones = phones;

    public int Count => _phones.Count;

    /// <summary>Reads the dictionary file; alternative pronunciations ("word(2)") are skipped.</summary>
    public static PronouncingDictionary Load(string path)
    {
        var phones = new Dictionary<string, string>(140_000, StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ');
            if (space <= 0 || line[space - 1] == ')')
            {
                continue;
            }

            phones.TryAdd(line[..space], line[(space + 1)..].Trim());
        }

        return phones.Count == 0
            ? throw new InvalidDataException($"The pronouncing dictionary {path} has no entries.")
            : new PronouncingDictionary(phones);
    }

    public bool Contains(string word) => _phones.ContainsKey(word);

    /// <summary>The phones of a word ("EH R OW"), or null when the dictionary does not have it.</summary>
    public string? PhonesOf(string word) => _phones.GetValueOrDefault(word);
}
