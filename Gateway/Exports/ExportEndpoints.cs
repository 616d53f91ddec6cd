using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Exports;

/// <summary>
/// Data the calls produce, for improving the models: <c>GET /api/exports/unsure-turns</c> gives, as JSON Lines, the
/// caller turns the brain was unsure of or a person took over, read from the durable call records page by page and
/// written as they come (the whole export is never held in memory).
/// </summary>
public static partial class ExportEndpoints
{
    public const string JsonLines = "application/x-ndjson";

    /// <summary>One line per turn; snake_case field names and values, as labeling tools take them.</summary>
    internal static readonly JsonSerializerOptions LineOptions = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    });

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exports/unsure-turns", UnsureTurnsAsync).RequireAccess(Surface.Exports);
        return app;
    }

    private static async Task UnsureTurnsAsync(HttpContext http, IGrainFactory grains, IOptions<ExportApiOptions> options, ILoggerFactory loggers)
    {
        var query = http.Request.Query;
        if (!TryParseSince(query["since"].ToString(), out var since, out var problem)
            || !TryParseLimit(query["limit"].ToString(), options.Value, out var limit, out problem))
        {
            await ChatEndpoints.Error(ApiProblem.BadRequest(problem!)).ExecuteAsync(http);
            return;
        }

        var records = grains.GetGrain<ICallRecordsGrain>(0);
        var aborted = http.RequestAborted;
        UnsureTurnPage page;
        try
        {
            // The first page comes before the answer starts, so a failure can still be told with a status.
            page = await records.UnsureTurnsAsync(since, 0, limit);
        }
        catch (Exception ex) when (ApiProblem.ForEngineFailure(ex) is { } failed)
        {
            loggers.CreateLogger(typeof(ExportEndpoints)).LogError(ex, "The unsure-turns export failed to start.");
            await ChatEndpoints.Error(failed).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = JsonLines + "; charset=utf-8";
        var body = http.Response.BodyWriter;
        var written = 0;
        try
        {
            while (true)
            {
                foreach (var turn in page.Turns.Take(limit - written))
                {
                    body.Write(JsonSerializer.SerializeToUtf8Bytes(turn, LineOptions));
                    body.Write("\n"u8);
                    written++;
                }

                await body.FlushAsync(aborted);
                if (page.Next == 0 || written >= limit)
                {
                    break;
                }

                page = await records.UnsureTurnsAsync(since, page.Next, limit - written);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ApiProblem.ForEngineFailure(ex) is not null)
        {
            // The status is sent: end the answer abruptly, so the client cannot take a cut export for a whole one.
            loggers.CreateLogger(typeof(ExportEndpoints)).LogError(ex, "The unsure-turns export failed after {Lines} lines.", written);
            http.Abort();
        }
    }

    /// <summary><c>since</c>: an ISO 8601 date or date and time; no offset means UTC. Empty: from the first record.</summary>
    internal static bool TryParseSince(string text, out DateTimeOffset? since, out string? problem)
    {
        since = null;
        problem = null;
        if (text.Length == 0)
        {
            return true;
        }

        // A '+' in a query string arrives as a space when the client did not encode it ("…T12:00:00+08:00").
        var iso = OffsetAfterSpace().Replace(text.Trim(), "+$1");
        if (IsoDateTime().IsMatch(iso)
            && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            since = parsed;
            return true;
        }

        problem = $"'since' must be an ISO 8601 date or time, such as 2026-11-25 or 2026-11-25T12:00:00Z; got '{Truncate(text)}'.";
        return false;
    }

    internal static bool TryParseLimit(string text, ExportApiOptions options, out int limit, out string? problem)
    {
        limit = Math.Clamp(options.DefaultLimit, 1, Math.Max(1, options.MaxLimit));
        problem = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= options.MaxLimit)
        {
            return true;
        }

        problem = $"'limit' must be a whole number from 1 to {options.MaxLimit}; got '{Truncate(text)}'.";
        return false;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoDateTime();

    [GeneratedRegex(@"(?<=T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?) (\d{2}:\d{2})$")]
    private static partial Regex OffsetAfterSpace();
}
