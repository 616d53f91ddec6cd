using System.Collections.Concurrent;
using CallCenter.Calls;
using CallCenter.Telemetry;
using Microsoft.Extensions.Options;

namespace CallCenter.Caching;

/// <summary>
/// Answers to frequent questions (policies, FAQ), per silo, keyed by language and the normalized question, so the
/// same question costs no CRM (and later no language-model) call. Only answers that do not depend on the caller go in.
/// </summary>
public sealed class AnswerCache(IOptions<AnswerCacheOptions> options, CallCenterMetrics metrics, TimeProvider time)
{
    private readonly ConcurrentDictionary<(Language, string), Entry> _entries = new();

    public int Count => _entries.Count;

    public bool TryGet(Language language, string normalizedQuestion, out string answer)
    {
        if (options.Value.Enabled && _entries.TryGetValue((language, normalizedQuestion), out var entry) && entry.Expires > time.GetUtcNow())
        {
            metrics.AnswerCacheHit();
            answer = entry.Answer;
            return true;
        }

        metrics.AnswerCacheMiss();
        answer = "";
        return false;
    }

    public void Set(Language language, string normalizedQuestion, string answer)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_entries.Count >= options.Value.MaxEntries)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Expires <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= options.Value.MaxEntries)
            {
                return;
            }
        }

        _entries[(language, normalizedQuestion)] = new Entry(answer, now.AddMinutes(options.Value.TtlMinutes));
    }

    private sealed record Entry(string Answer, DateTimeOffset Expires);
}
