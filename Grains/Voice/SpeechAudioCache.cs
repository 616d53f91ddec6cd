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
/// age out; frequent prompts stay and cost no synthesis. The audio is kept as the bytes the TTS grain sends
/// (<see cref="AudioFrames.Pcm16"/>, immutable once cached), so a cached sentence is spoken without a copy: a copy of a
/// sentence of 100 characters is ~200 KB on the large object heap, which only gen-2 collections reclaim.
/// </summary>
public sealed class SpeechAudioCache(IOptions<SpeechAudioCacheOptions> options)
{
    private readonly Dictionary<(Language, string), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public byte[]? TryGet(Language language, string sentence)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((language, sentence), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Pcm16;
            }

            return null;
        }
    }

    /// <summary>Stores the audio, 16-bit PCM as bytes (evicting the least recently used), and returns it.</summary>
    public byte[] Add(Language language, string sentence, byte[] pcm16)
    {
        var limit = (long)options.Value.MaxMegabytes * 1024 * 1024;
        var size = pcm16.Length;
        lock (_lock)
        {
            if (size > limit || _entries.ContainsKey((language, sentence)))
            {
                return pcm16;
            }

            while (_bytes + size > limit && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.Language, oldest.Value.Sentence));
                _bytes -= oldest.Value.Pcm16.Length;
            }

            _entries[(language, sentence)] = _recency.AddFirst(new Entry(language, sentence, pcm16));
            _bytes += size;
            return pcm16;
        }
    }

    private sealed record Entry(Language Language, string Sentence, byte[] Pcm16);
}
