using CallCenter.Crm;
using CallCenter.Dialogue.Understanding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Dialogue;

/// <summary>
/// Holds the language understanding built from the CRM's product catalog, one per silo. It is built on first use
/// and rebuilt after <see cref="DialogueOptions.CatalogRefreshMinutes"/>, so catalog changes reach product matching
/// without a restart; a failed reload keeps the catalog it has.
/// </summary>
public sealed class UnderstandingProvider(
    IOptions<DialogueOptions> options, TimeProvider time, ILogger<UnderstandingProvider> logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private NaturalLanguageUnderstanding? _current;
    private DateTimeOffset _loadedAt;

    public async ValueTask<NaturalLanguageUnderstanding> GetAsync(ICrmGrain crm)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - _loadedAt < TimeSpan.FromMinutes(options.Value.CatalogRefreshMinutes))
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
            if (_current is { } loaded && time.GetUtcNow() - _loadedAt < TimeSpan.FromMinutes(options.Value.CatalogRefreshMinutes))
            {
                return loaded;
            }

            var catalog = await crm.GetCatalogAsync();
            _current = new NaturalLanguageUnderstanding(catalog, options.Value.DefaultOrderPrefix);
            _loadedAt = time.GetUtcNow();
            logger.LogInformation("Language understanding built from {Count} catalog products.", catalog.Length);
            return _current;
        }
        catch (Exception ex) when (_current is not null)
        {
            logger.LogWarning(ex, "Reloading the product catalog failed; keeping the one loaded at {LoadedAt}.", _loadedAt);
            _loadedAt = time.GetUtcNow();
            return _current;
        }
        finally
        {
            _loading.Release();
        }
    }
}
