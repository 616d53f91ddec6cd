using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using CallCenter.OpenAi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace CallCenter.Llm;

/// <summary>A piece of a streamed model answer: text as it comes, then once the tool calls, usage and finish.</summary>
public abstract record ModelDelta
{
    public sealed record Text(string Value) : ModelDelta;

    public sealed record Done(IReadOnlyList<ChatToolCall> ToolCalls, int PromptTokens, int CompletionTokens) : ModelDelta;
}

/// <summary>The model failed in a way worth telling apart in metrics and logs (status, timeout, bad answer).</summary>
public sealed class ModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Streams chat completions from the small or large model. A call that fails with 429 or 5xx (or a dropped connection)
/// before any of its answer arrived is retried with exponential backoff and jitter, waiting at least what the
/// service's Retry-After asks; once text has streamed, a failure is final (the caller may already have heard it).
/// Tool-call deltas are accumulated by index, as they arrive split across chunks.
/// </summary>
public sealed class ModelClient
{
    private readonly IOptions<LlmOptions> _options;
    private readonly ILogger<ModelClient> _logger;
    private readonly Lazy<ChatClient> _small;
    private readonly Lazy<ChatClient?> _large;

    public ModelClient(IOptions<LlmOptions> options, ILogger<ModelClient> logger)
    {
        _options = options;
        _logger = logger;
        _small = new(() => OpenAiClients.Create(options.Value.Small, "Llm:Small").GetChatClient(options.Value.Small.Model));
        _large = new(() => options.Value.HasLarge ? OpenAiClients.Create(options.Value.Large, "Llm:Large").GetChatClient(options.Value.Large.Model) : null);
    }

    /// <summary>The tier that will really answer: large falls back to small when no large model is configured.</summary>
    public ModelTier Effective(ModelTier tier) => tier == ModelTier.Large && _options.Value.HasLarge ? ModelTier.Large : ModelTier.Small;

    public async IAsyncEnumerable<ModelDelta> StreamAsync(
        ModelTier tier, IReadOnlyList<ChatMessage> messages, IReadOnlyList<ChatTool> tools,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var client = Effective(tier) == ModelTier.Large ? _large.Value! : _small.Value;
        var options = new ChatCompletionOptions { Temperature = (float)settings.Temperature, MaxOutputTokenCount = settings.MaxReplyTokens };
        foreach (var tool in tools)
        {
            options.Tools.Add(tool);
        }

        var (enumerator, first) = await OpenWithRetriesAsync(client, messages, options, cancellationToken);
        await using var _ = enumerator;
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        int prompt = 0, completion = 0;
        var update = first;
        while (update is not null)
        {
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    yield return new ModelDelta.Text(part.Text);
                }
            }

            foreach (var call in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(call.Index, out var entry))
                {
                    calls[call.Index] = entry = (call.ToolCallId ?? "", call.FunctionName ?? "", new StringBuilder());
                }
                else if (entry.Name.Length == 0 && call.FunctionName is { Length: > 0 })
                {
                    calls[call.Index] = entry = entry with { Name = call.FunctionName, Id = call.ToolCallId ?? entry.Id };
                }

                if (call.FunctionArgumentsUpdate is { } arguments && !arguments.ToMemory().IsEmpty)
                {
                    entry.Arguments.Append(arguments.ToString());
                }
            }

            if (update.Usage is { } usage)
            {
                prompt = usage.InputTokenCount;
                completion = usage.OutputTokenCount;
            }

            update = await NextAsync(enumerator);
        }

        yield return new ModelDelta.Done(
            [.. calls.Select(c => ChatToolCall.CreateFunctionToolCall(
                c.Value.Id.Length > 0 ? c.Value.Id : $"call_{c.Key}", c.Value.Name, BinaryData.FromString(c.Value.Arguments.ToString())))],
            prompt, completion);
    }

    private async Task<(IAsyncEnumerator<StreamingChatCompletionUpdate>, StreamingChatCompletionUpdate?)> OpenWithRetriesAsync(
        ChatClient client, IReadOnlyList<ChatMessage> messages, ChatCompletionOptions options, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var enumerator = client.CompleteChatStreamingAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                var first = await NextAsync(enumerator);
                return (enumerator, first);
            }
            catch (ModelUnavailableException ex) when (attempt < settings.MaxRetries && RetryDelay(ex.InnerException, attempt) is { } delay)
            {
                await enumerator.DisposeAsync();
                _logger.LogInformation("Model call failed ({Reason}); retry {Attempt} in {DelayMs} ms.", ex.Message, attempt + 1, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
            catch
            {
                await enumerator.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The next update, with the library's failures turned into one exception type that says what happened.</summary>
    private static async Task<StreamingChatCompletionUpdate?> NextAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator)
    {
        try
        {
            return await enumerator.MoveNextAsync() ? enumerator.Current : null;
        }
        catch (ClientResultException ex)
        {
            throw new ModelUnavailableException($"the model answered {ex.Status}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelUnavailableException("the model could not be reached", ex);
        }
        catch (IOException ex)
        {
            throw new ModelUnavailableException("the connection to the model broke", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ModelUnavailableException("the model sent malformed JSON", ex);
        }
        catch (OperationCanceledException ex) when (ex is not TaskCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            throw new ModelUnavailableException("the request to the model timed out", ex);
        }
    }

    /// <summary>How long to wait before retrying, or null when the failure is not worth retrying (400, 401, malformed).</summary>
    private TimeSpan? RetryDelay(Exception? failure, int attempt)
    {
        var status = failure switch
        {
            ClientResultException client => client.Status,
            HttpRequestException or IOException => 503,
            _ => 0,
        };
        if (status != 429 && status is < 500 or > 599)
        {
            return null;
        }

        var backoff = TimeSpan.FromMilliseconds(_options.Value.RetryBaseDelayMs * Math.Pow(2, attempt) * (0.8 + Random.Shared.NextDouble() * 0.4));
        var retryAfter = failure is ClientResultException e ? RetryAfter(e) : null;
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }

    private static TimeSpan? RetryAfter(ClientResultException failure)
    {
        var headers = failure.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        // Azure OpenAI sends retry-after-ms; both send Retry-After in seconds (or an HTTP date).
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, System.Globalization.CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var at))
            {
                return at - DateTimeOffset.UtcNow;
            }
        }

        return null;
    }
}
