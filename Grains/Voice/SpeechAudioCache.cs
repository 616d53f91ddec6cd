using CallCenter.Calls;
using Microsoft.Extensions.Options;

namespace CallCenter.Voice;

/// <summary>Configuration section "Voice:AudioCache".</summary>
public sealed class SpeechAudioCacheOptions
{
    public const string Section = "Voice:AudioCache";

    /// <summary>Synthesized audio kept per silo at most, in megabytes (a 5 s sentence at 22,050 Hz is ~220 KB).</summary>
    public int MaxMegabytes { get; set; } = 64;
}

/// <summary>
/// Synthesized audio of sentences the bot says again and again (greetings, policy answers, "What's your order
/// number?"), per language, least recently used first out. One-off sentences (with order numbers) pass through and
/// age out; frequent prompts stay and cost no synthesis.
/// </summary>
public sealed class SpeechAudioCache(IOptions<SpeechAudioCacheOptions> options)
{
    private readonly Dictionary<(Language, string), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public short[]? TryGet(Language language, string sentence)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((language, sentence), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Pcm;
            }

            return null;
        }
    }

    /// <summary>Stores the audio (evicting the least recently used) and returns it.</summary>
    public short[] Add(Language language, string sentence, short[] pcm)
    {
        var limit = (long)options.Value.MaxMegabytes * 1024 * 1024;
        var size = pcm.Length * sizeof(short);
        lock (_lock)
        {
            if (size > limit || _entries.ContainsKey((language, sentence)))
            {
                return pcm;
            }

            while (_bytes + size > limit && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.Language, oldest.Value.Sentence));
                _bytes -= oldest.Value.Pcm.Length * sizeof(short);
            }

            _entries[(language, sentence)] = _recency.AddFirst(new Entry(language, sentence, pcm));
            _bytes += size;
            return pcm;
        }
    }

    private sealed record Entry(Language Language, string Sentence, short[] Pcm);
}
