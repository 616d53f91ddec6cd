using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CallCenter.LoadGen;

/// <summary>What the load generator keeps of the reply of <c>POST /api/calls</c>.</summary>
public sealed record CallStartReply(string CallId);

/// <summary>What the load generator keeps of the reply of <c>POST /api/calls/{id}/messages</c>: enough to follow the call and to tally intents.</summary>
public sealed record MessageReply(string? Intent, string? Status, bool Handoff, bool Urgent);

/// <summary>
/// What one request did: its start and end (Stopwatch timestamps, the end taken once the whole response body has
/// arrived), the server's engine time if the response carried it, the parsed reply, or the kind of error.
/// </summary>
public readonly record struct ApiResult<T>(long Started, long Ended, long? EngineTimeUs, T? Value, string? Error)
    where T : class
{
    public bool Ok => Error is null;
}

/// <summary>
/// The chat API over one shared HttpClient (HTTP/1.1, pooled connections, one per concurrent call). Each call's caller
/// token (from its start) goes with that call's messages and hang-up, as a chat widget sends it.
/// </summary>
public sealed class ChatApiClient : IDisposable
{
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _callerTokens = new();

    public const string EngineTimeHeader = "X-Engine-Time-Us";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;

    public ChatApiClient(Uri baseUrl, int maxConnections, TimeSpan requestTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConnections, 1),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseUrl,
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Task<ApiResult<CallStartReply>> StartCallAsync(string language, CancellationToken cancel)
    {
        var body = language == "zh" ? StartZh : StartEn;
        return SendAsync("api/calls", body, ParseStart, null, cancel);
    }

    public Task<ApiResult<MessageReply>> SendMessageAsync(string callId, byte[] body, CancellationToken cancel) =>
        SendAsync($"api/calls/{Uri.EscapeDataString(callId)}/messages", body, ParseMessage, callId, cancel);

    public async Task<ApiResult<string>> HangupAsync(string callId, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/calls/{Uri.EscapeDataString(callId)}/hangup");
            request.Headers.Authorization = _callerTokens.TryRemove(callId, out var token) ? token : null;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            return response.IsSuccessStatusCode
                ? new(started, ended, null, callId, null)
                : new(started, ended, null, null, StatusError(response.StatusCode));
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            return new(started, Stopwatch.GetTimestamp(), null, null, ExceptionKind(e));
        }
    }

    private static readonly byte[] StartEn = """{"channel":"chat","language":"en"}"""u8.ToArray();
    private static readonly byte[] StartZh = """{"channel":"chat","language":"zh"}"""u8.ToArray();

    private async Task<ApiResult<T>> SendAsync<T>(
        string path, byte[] body, Func<JsonElement, T?> parse, string? callId, CancellationToken cancel)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonMediaType;
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            request.Headers.Authorization = callId is not null && _callerTokens.TryGetValue(callId, out var token) ? token : null;
            // ResponseContentRead: SendAsync returns once the whole body is buffered, so the latency covers it.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            var engineUs = EngineTime(response);
            if (!response.IsSuccessStatusCode)
            {
                return new(started, ended, engineUs, null, StatusError(response.StatusCode));
            }

            T? value;
            try
            {
                // Already buffered (ResponseContentRead), so this copies rather than waits.
                var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
                using var json = JsonDocument.Parse(bytes);
                value = parse(json.RootElement);
            }
            catch (JsonException)
            {
                value = null;
            }
            return value is not null
                ? new(started, ended, engineUs, value, null)
                : new(started, ended, engineUs, null, InvalidBody);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            return new(started, Stopwatch.GetTimestamp(), null, null, ExceptionKind(e));
        }
    }

    /// <summary>Error kind of a 2xx response whose body is not the JSON the contract describes.</summary>
    public const string InvalidBody = "invalid reply body";

    // Lenient on purpose: only what the run needs is required (a call id; a reply field), so a change in a field the
    // load generator does not use is not counted as a failed turn.
    private CallStartReply? ParseStart(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("callId", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } callId
            || !root.TryGetProperty("callerToken", out var token) || token.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        _callerTokens[callId] = new AuthenticationHeaderValue("Bearer", token.GetString());
        return new CallStartReply(callId);
    }

    private static MessageReply? ParseMessage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("reply", out var reply) || reply.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return new MessageReply(Text(root, "intent"), Text(root, "status"), IsTrue(root, "handoff"), IsTrue(root, "urgent"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => v.GetRawText(),
        } : null;

    private static bool IsTrue(JsonElement root, string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static long? EngineTime(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(EngineTimeHeader, out var values))
        {
            foreach (var v in values)
            {
                if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && us >= 0) return us;
            }
        }
        return null;
    }

    private static string StatusError(HttpStatusCode code) => $"HTTP {(int)code}";

    /// <summary>Exception type, with the timeout and the kind of HTTP failure named where .NET tells them apart.</summary>
    public static string ExceptionKind(Exception e) => e switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "timeout",
        HttpRequestException h => $"HttpRequestException ({h.HttpRequestError})",
        _ => e.GetType().Name,
    };

    public void Dispose() => _http.Dispose();
}
