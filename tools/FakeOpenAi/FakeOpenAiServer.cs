using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallCenter.FakeOpenAi;

/// <summary>
/// A local stand-in for OpenAI and Azure OpenAI chat completions on a real socket, speaking their wire format:
/// POST /v1/chat/completions (OpenAI-compatible, Bearer key) and POST /openai/deployments/{deployment}/chat/completions
/// ?api-version= (Azure, api-key header); streamed answers as server-sent events of chat.completion.chunk objects with
/// text deltas, tool-call deltas split across chunks, a usage chunk and [DONE]; errors with OpenAI's error body and
/// Retry-After; hanging and malformed answers. What it answers is decided per request by the test's script.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Func<ModelCall, ModelResponse> _script;

    private FakeOpenAiServer(WebApplication app, Func<ModelCall, ModelResponse> script)
    {
        _app = app;
        _script = script;
    }

    public ConcurrentQueue<ModelCall> Calls { get; } = new();

    /// <summary>The server root: Llm:*:Endpoint for Provider=Azure.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The OpenAI-compatible base URL: Llm:*:Endpoint for Provider=OpenAI.</summary>
    public Uri OpenAiEndpoint => new(Root, "v1/");

    /// <summary>
    /// Called once each text delta of a streamed answer has been written and flushed to the socket, with the request,
    /// the delta's index among the answer's text deltas (0: the first text) and the text. Benchmarks take the time here:
    /// it is when the model "said" it. Runs on the response's path, so it should be quick.
    /// </summary>
    public Action<ModelCall, int, string>? OnContentChunk { get; set; }

    /// <summary>Replaces how the model answers from now on.</summary>
    public void Script(Func<ModelCall, ModelResponse> script) => _script = script;

    public static async Task<FakeOpenAiServer> StartAsync(Func<ModelCall, ModelResponse> script, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, script);
        app.MapPost("/v1/chat/completions", context => server.CompleteAsync(context, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context =>
            server.CompleteAsync(context, context.Request.RouteValues["deployment"]?.ToString()));
        await app.StartAsync();
        server.Root = new Uri(app.Urls.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task CompleteAsync(HttpContext context, string? deployment)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var call = new ModelCall(
            context.Request.Path, deployment, context.Request.Query["api-version"].FirstOrDefault(),
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["api-key"].FirstOrDefault(), body.RootElement.Clone());
        Calls.Enqueue(call);
        var response = _script(call);
        var aborted = context.RequestAborted;
        switch (response)
        {
            case ModelResponse.Error error:
                context.Response.StatusCode = error.Status;
                if (error.RetryAfter is not null) context.Response.Headers.RetryAfter = error.RetryAfter;
                await context.Response.WriteAsJsonAsync(new { error = new { message = error.Message, type = error.Status == 429 ? "rate_limit_exceeded" : "server_error", code = (string?)null } }, aborted);
                return;
            case ModelResponse.Hang:
                try { await Task.Delay(Timeout.Infinite, aborted); } catch (OperationCanceledException) { }
                return;
            case ModelResponse.Malformed:
                context.Response.ContentType = "text/event-stream";
                await WriteAsync(context, "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\n\n", aborted);
                return;
            case ModelResponse.Answer answer:
                await StreamAsync(context, call, answer, aborted);
                return;
        }
    }

    private async Task StreamAsync(HttpContext context, ModelCall call, ModelResponse.Answer answer, CancellationToken aborted)
    {
        var chunks = Chunks(answer).ToList();
        var model = call.Model ?? call.Deployment ?? "fake";
        try
        {
            if (answer.FirstChunkDelay > TimeSpan.Zero) await Task.Delay(answer.FirstChunkDelay, aborted);
            if (!call.Stream)
            {
                await context.Response.WriteAsJsonAsync(Completion(answer, model), aborted);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
            var texts = 0;
            for (var i = 0; i < chunks.Count; i++)
            {
                if (i > 0 && answer.ChunkInterval > TimeSpan.Zero) await Task.Delay(answer.ChunkInterval, aborted);
                var last = i == chunks.Count - 1;
                var chunk = new Dictionary<string, object?>
                {
                    ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1764000000, ["model"] = model,
                    ["choices"] = new[] { new { index = 0, delta = chunks[i].Delta, finish_reason = last ? (answer.ToolCalls.Count > 0 ? "tool_calls" : "stop") : null } },
                };
                await WriteAsync(context, "data: " + JsonSerializer.Serialize(chunk) + "\n\n", aborted);
                if (chunks[i].Text is { Length: > 0 } text)
                {
                    OnContentChunk?.Invoke(call, texts++, text);
                }
            }

            var usage = new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1764000000, ["model"] = model, ["choices"] = Array.Empty<object>(),
                ["usage"] = new { prompt_tokens = answer.PromptTokens, completion_tokens = answer.CompletionTokens, total_tokens = answer.PromptTokens + answer.CompletionTokens },
            };
            await WriteAsync(context, "data: " + JsonSerializer.Serialize(usage) + "\n\n", aborted);
            await WriteAsync(context, "data: [DONE]\n\n", aborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its time limit or the call's hangup).
        }
    }

    /// <summary>
    /// The deltas, each with its text if it has some: role first, the text a few characters at a time (or in the
    /// script's pieces), then each tool call split in three.
    /// </summary>
    private static IEnumerable<(object Delta, string? Text)> Chunks(ModelResponse.Answer answer)
    {
        yield return (new { role = "assistant", content = "" }, null);
        var pieces = answer.Pieces ?? Enumerable.Range(0, (answer.Text.Length + 5) / 6).Select(i => answer.Text.Substring(i * 6, Math.Min(6, answer.Text.Length - i * 6)));
        foreach (var piece in pieces.Where(p => p.Length > 0))
        {
            yield return (new { content = piece }, piece);
        }

        for (var index = 0; index < answer.ToolCalls.Count; index++)
        {
            var call = answer.ToolCalls[index];
            var args = call.ArgumentsJson;
            var third = Math.Max(1, args.Length / 3);
            yield return (new { tool_calls = new[] { new { index, id = $"call_{index}_{Guid.NewGuid():N}"[..20], type = "function", function = new { name = call.Name, arguments = "" } } } }, null);
            for (var start = 0; start < args.Length; start += third)
            {
                yield return (new { tool_calls = new[] { new { index, function = new { arguments = args.Substring(start, Math.Min(third, args.Length - start)) } } } }, null);
            }
        }
    }

    private static object Completion(ModelResponse.Answer answer, string model) => new
    {
        id = "chatcmpl-1", @object = "chat.completion", created = 1764000000, model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = answer.Text }, finish_reason = "stop" } },
        usage = new { prompt_tokens = answer.PromptTokens, completion_tokens = answer.CompletionTokens, total_tokens = answer.PromptTokens + answer.CompletionTokens },
    };

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken aborted)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted);
        await context.Response.Body.FlushAsync(aborted);
    }
}
