using System.Text.Json;
using CallCenter.Gateway.Chat;

namespace CallCenter.Gateway.Live;

/// <summary>Writes a text/event-stream response: one JSON object per event, and a comment every 15 s to keep proxies from closing it.</summary>
public sealed class ServerSentEvents
{
    private readonly HttpResponse _response;
    private readonly SemaphoreSlim _writing = new(1, 1);

    private ServerSentEvents(HttpResponse response) => _response = response;

    public static async Task<ServerSentEvents> StartAsync(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync();
        return new ServerSentEvents(response);
    }

    public Task SendAsync(string type, object data, CancellationToken cancellationToken) =>
        WriteAsync($"event: {type}\ndata: {JsonSerializer.Serialize(data, ApiJson.Options)}\n\n", cancellationToken);

    /// <summary>
    /// The "clock" event, <c>{"now"}</c>: the engine's time, so a page counts offers down and waits up in the engine's
    /// clock (its times come from it) whatever the browser's clock says.
    /// </summary>
    public Task SendClockAsync(TimeProvider time, CancellationToken cancellationToken) =>
        SendAsync("clock", new ServerClock(time.GetUtcNow()), cancellationToken);

    public Task KeepAliveAsync(CancellationToken cancellationToken) => WriteAsync(": keep-alive\n\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await _response.WriteAsync(text, cancellationToken);
            await _response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }
}

public sealed record ServerClock(DateTimeOffset Now);
