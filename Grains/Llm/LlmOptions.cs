using CallCenter.Llm.Packs;
using CallCenter.OpenAi;
using Microsoft.Extensions.Options;

namespace CallCenter.Llm;

/// <summary>
/// Configuration section "Llm": the language-model brain. With no <see cref="Small"/> model configured the embedded
/// brain answers every turn; with one, the model answers and the embedded brain stands in whenever the model fails.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>The model for most turns (a small, fast, cheap deployment). Unset: no language model.</summary>
    public OpenAiEndpointOptions Small { get; set; } = new();

    /// <summary>The model for complex turns and when the small one is unsure. Unset: the small model does everything.</summary>
    public OpenAiEndpointOptions Large { get; set; } = new();

    /// <summary>"ecommerce" (default) or "finance": the prompt, the tools and the compliance rules.</summary>
    public string DomainPack { get; set; } = "ecommerce";

    /// <summary>Replaces the pack's system prompt, per language ("En", "Zh"); the tool and reply-format rules stay.</summary>
    public Dictionary<string, string> Prompts { get; set; } = [];

    /// <summary>Limits the pack's tools to these names (empty: all of the pack's tools).</summary>
    public string[] Tools { get; set; } = [];

    public double Temperature { get; set; } = 0.2;

    /// <summary>The longest reply, in tokens.</summary>
    public int MaxReplyTokens { get; set; } = 300;

    /// <summary>Model calls (rounds of tool use) allowed in one turn before the turn gives up on the model.</summary>
    public int MaxToolRounds { get; set; } = 4;

    /// <summary>Without a first sentence after this long, the caller hears a short filler ("One moment, let me check that").</summary>
    public int FillerAfterMs { get; set; } = 1500;

    /// <summary>
    /// On a voice call, the reply's first clause is spoken as soon as it is complete ("Sorry," then the rest of the
    /// sentence), instead of waiting for the whole first sentence. Never with a pack that checks sentences before they
    /// are said (finance): a clause alone could pass a check its sentence would fail.
    /// </summary>
    public bool SpeakFirstClause { get; set; } = true;

    /// <summary>Past this long without a complete answer, the embedded brain answers the turn.</summary>
    public int HardLimitMs { get; set; } = 6000;

    /// <summary>Retries of a model call that failed with 429 or 5xx before any of its answer arrived.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff; doubles per retry, with jitter. A Retry-After header from the service wins when it is longer.</summary>
    public int RetryBaseDelayMs { get; set; } = 200;

    /// <summary>Failed turns in a row that open the silo's circuit: the embedded brain answers without trying the model.</summary>
    public int CircuitFailures { get; set; } = 5;

    /// <summary>How long the circuit stays open before one turn tries the model again.</summary>
    public int CircuitOpenSeconds { get; set; } = 30;

    /// <summary>Recent turns sent verbatim within this many (estimated) tokens; older turns are summarized in a line.</summary>
    public int ContextBudgetTokens { get; set; } = 1200;

    /// <summary>Weight of the model's emotion reading against the lexicon's, from 0 (lexicon only) to 1 (model only).</summary>
    public double ModelEmotionWeight { get; set; } = 0.5;

    /// <summary>
    /// Intents the embedded brain answers even with a model configured: cheap, cached, and as good. Empty means the
    /// defaults (<see cref="DefaultEmbeddedIntents"/>); ["None"] sends every turn to the model. (The default is not set
    /// here because the configuration binder appends to an array that already has elements.)
    /// </summary>
    public string[] EmbeddedIntents { get; set; } = [];

    public static readonly string[] DefaultEmbeddedIntents = ["PolicyQuestion", "Thanks", "Goodbye"];

    public string[] EffectiveEmbeddedIntents => EmbeddedIntents.Length == 0 ? DefaultEmbeddedIntents : EmbeddedIntents;

    /// <summary>Confidence the embedded understanding needs for one of <see cref="EmbeddedIntents"/> to skip the model.</summary>
    public double EmbeddedIntentConfidence { get; set; } = 0.75;

    /// <summary>Caller turns with at least this many words go straight to the large model.</summary>
    public int LargeModelWords { get; set; } = 40;

    /// <summary>Prices per 1,000 tokens, for the cost shown per call and in the metrics (your currency).</summary>
    public TokenPrices SmallPrices { get; set; } = new() { Prompt = 0.00015m, Completion = 0.0006m };

    public TokenPrices LargePrices { get; set; } = new() { Prompt = 0.0025m, Completion = 0.01m };

    public bool Enabled => Small.IsConfigured;

    public bool HasLarge => Large.IsConfigured;

    /// <summary>What is wrong with the settings, or null when they can be used (or no model is configured).</summary>
    public string? Problem() => !Enabled ? null
        : Small.Problem("Llm:Small")
          ?? (HasLarge ? Large.Problem("Llm:Large") : null)
          ?? (DomainPacks.Find(DomainPack) is null ? DomainPacks.Unknown(DomainPack) : null)
          ?? (FillerAfterMs <= 0 || HardLimitMs <= FillerAfterMs ? "Llm:HardLimitMs must be longer than Llm:FillerAfterMs, both positive." : null)
          ?? (MaxToolRounds < 1 ? "Llm:MaxToolRounds must be at least 1." : null);
}

/// <summary>Checks the Llm section when the silo starts: a typo stops the silo with a message, not every call in the fallback.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

public sealed class TokenPrices
{
    public decimal Prompt { get; set; }
    public decimal Completion { get; set; }
}
