namespace CallCenter.FakeOpenAi;

/// <summary>How the fake model answers one request.</summary>
public abstract record ModelResponse
{
    /// <summary>An SSE stream of chat.completion.chunk objects (or one JSON completion for a non-streaming request).</summary>
    /// <param name="FirstChunkDelay">Time to first chunk (the model "thinking").</param>
    /// <param name="ChunkInterval">Time between chunks (tokens per second).</param>
    /// <param name="Pieces">The text deltas as streamed, in order (they make <paramref name="Text"/>); by default the text
    /// goes six characters a chunk.</param>
    public sealed record Answer(string Text, IReadOnlyList<ToolCall> ToolCalls, TimeSpan FirstChunkDelay = default, TimeSpan ChunkInterval = default,
        int PromptTokens = 120, int CompletionTokens = 30, IReadOnlyList<string>? Pieces = null) : ModelResponse;

    /// <summary>An HTTP error with OpenAI's error body, and a Retry-After header when given.</summary>
    public sealed record Error(int Status, string Message, string? RetryAfter = null) : ModelResponse;

    /// <summary>Accepts the request and never answers (until the client gives up).</summary>
    public sealed record Hang : ModelResponse;

    /// <summary>A 200 stream whose chunk is not JSON.</summary>
    public sealed record Malformed : ModelResponse;

    public static ModelResponse Say(string text, TimeSpan firstChunkDelay = default, TimeSpan chunkInterval = default) =>
        new Answer(text, [], firstChunkDelay, chunkInterval);

    public static ModelResponse Call(params ToolCall[] calls) => new Answer("", calls);
}

/// <summary>A tool call the fake model makes; its arguments are streamed in pieces, as real models do.</summary>
public sealed record ToolCall(string Name, string ArgumentsJson);
