using System.Text.Json;
using CallCenter.Gateway.Limits;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Chat;

/// <summary>Reads a JSON request body with plain errors for every way it can be wrong.</summary>
public static class JsonBody
{
    /// <summary>
    /// Request bodies the API takes are small; anything larger is refused before it is read. The default of
    /// <see cref="LimitOptions.MaxRequestBodyBytes"/>.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<ApiResult<T>> ReadAsync<T>(HttpRequest request, Func<T>? whenEmpty = null) where T : class
    {
        var maxBytes = request.HttpContext.RequestServices?.GetService<IOptions<LimitOptions>>()?.Value.MaxRequestBodyBytes ?? MaxBytes;
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return whenEmpty is not null ? whenEmpty() : ApiProblem.BadRequest("The request has no body; send a JSON object.");
        }

        if (!request.HasJsonContentType())
        {
            return ApiProblem.UnsupportedMediaType(
                $"Content-Type must be application/json; got '{(string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType)}'.");
        }

        if (request.ContentLength > maxBytes)
        {
            return ApiProblem.TooLarge($"The body is {request.ContentLength} bytes; the limit is {maxBytes} bytes.");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(new LimitedStream(request.Body, maxBytes), ApiJson.Options, request.HttpContext.RequestAborted)
                ?? (ApiResult<T>)ApiProblem.BadRequest("The body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            return ApiProblem.BadRequest($"The body is not valid JSON for this request: {ex.Message}");
        }
        catch (Exception ex) when (ex is LimitedStream.TooLongException || ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Kestrel's own limit is the same size (Limits:MaxRequestBodyBytes) and may be the one that notices first.
            return ApiProblem.TooLarge($"The body is longer than the limit of {maxBytes} bytes.");
        }
    }

    /// <summary>A WebSocket message's JSON as a request; every way it can be wrong is a 400 that says how.</summary>
    public static ApiResult<T> Parse<T>(ReadOnlySpan<byte> utf8Json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, ApiJson.Options) ?? (ApiResult<T>)ApiProblem.BadRequest("The message must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            return ApiProblem.BadRequest($"The message is not valid for this request: {Media.JsonErrors.Describe(ex)}");
        }
    }

    /// <summary>Stops reading a chunked body past the limit (Content-Length is checked before reading).</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new TooLongException() : read;
        }

        public sealed class TooLongException : IOException;
    }
}
