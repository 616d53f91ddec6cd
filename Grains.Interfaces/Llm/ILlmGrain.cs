using CallCenter.Calls;

namespace CallCenter.Llm;

[GenerateSerializer, Alias("LlmMessage")]
public sealed record LlmMessage([property: Id(0)] string Role, [property: Id(1)] string Content);

[GenerateSerializer, Alias("LlmRequest")]
public sealed record LlmRequest(
    [property: Id(0)] string CallId,
    [property: Id(1)] Language Language,
    [property: Id(2)] LlmMessage[] Messages,
    [property: Id(3)] string Tier);

[GenerateSerializer, Alias("LlmReply")]
public sealed record LlmReply(
    [property: Id(0)] string Text,
    [property: Id(1)] Intent? Intent,
    [property: Id(2)] double? Emotion,
    [property: Id(3)] int PromptTokens,
    [property: Id(4)] int CompletionTokens);

/// <summary>
/// A large language model behind a stateless worker, so a slow model call never holds the call grain.
/// Implemented by the language-model issue (#4); until a model is configured, the embedded brain answers.
/// </summary>
[Alias("ILlmGrain")]
public interface ILlmGrain : IGrainWithIntegerKey
{
    [Alias("Complete")] Task<LlmReply> CompleteAsync(LlmRequest request);
}
