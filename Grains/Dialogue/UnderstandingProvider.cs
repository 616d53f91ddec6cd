using CallCenter.Crm;
using CallCenter.Dialogue.Understanding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Dialogue;

/// <summary>
/// Holds the language understanding built from the CRM's product catalog, one per silo. It is built on first use
/// and rebuilt after <see cref="DialogueOptions.CatalogRefreshMinutes"/>, so catalog changes reach product matching
/// without a restart; a failed reload keeps the catalog it has. When the very first load fails (the CRM is down as the
/// silo starts) calls are understood without product names meanwhile (intents, order numbers and everything else
/// still work), and the load is tried again after <see cref="RetryWithoutCatalog"/>.
/// </summary>
public sealed class UnderstandingProvider(
    IOptions<DialogueOptions> options, TimeProvider time, ILogger<UnderstandingProvider> logger)
{
    private static readonly TimeSpan RetryWithoutCatalog = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private NaturalLanguageUnderstanding? _current;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _refreshAt;

    public async ValueTask<NaturalLanguageUnderstanding> GetAsync(ICrmGrain crm)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() < _refreshAt)
        {
            return current;
        }

        if (current is not null && !_loading.Wait(0))
        {
            return current; // someone else is reloading; serve the catalog we have meanwhile
        }

        if (current is null)
        {
            await _loading.WaitAsync();
        }

        try
        {
            if (_current is { } loaded && time.GetUtcNow() < _refreshAt)
            {
                return loaded;
            }

            var catalog = await crm.GetCatalogAsync();
            _current = new NaturalLanguageUnderstanding(catalog, options.Value.DefaultOrderPrefix);
            _loadedAt = time.GetUtcNow();
            _refreshAt = _loadedAt + TimeSpan.FromMinutes(options.Value.CatalogRefreshMinutes);
            logger.LogInformation("Language understanding built from {Count} catalog products.", catalog.Length);
            return _current;
        }
        catch (Exception ex) when (_current is not null && _loadedAt != default)
        {
            logger.LogWarning(ex, "Reloading the product catalog failed; keeping the one loaded at {LoadedAt}.", _loadedAt);
            _refreshAt = time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.CatalogRefreshMinutes);
            return _current;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Loading the product catalog failed; understanding without product names until it loads (next try in {Retry}).", RetryWithoutCatalog);
            _current ??= new NaturalLanguageUnderstanding([], options.Value.DefaultOrderPrefix);
            _refreshAt = time.GetUtcNow() + RetryWithoutCatalog;
            return _current;
        }
        finally
        {
            _loading.Release();
        }
    }
}
