using System.Diagnostics;
using CallCenter.Caching;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Dialogue.Emotion;
using CallCenter.Llm.Packs;
using CallCenter.Privacy;
using CallCenter.Telemetry;
using Microsoft.Extensions.Options;

namespace CallCenter.Llm;

/// <summary>What the model brain made of a turn. <see cref="Turn"/> is null when the embedded brain must answer.</summary>
/// <param name="Failure">Why the model could not answer (null when it was not asked: a turn the embedded brain handles better).</param>
/// <param name="Said">What the caller already heard of this turn (the filler, the sentences before a failure).</param>
public sealed record ModelBrainOutcome(BrainTurn? Turn, DialogueState? State, LlmUsage Usage, string? Failure, string Said, bool Spoken, double ModelMs);

/// <summary>
/// Decides who answers a turn when a model is configured, and asks the model. The embedded brain keeps the turns it
/// does as well for nothing (policies from the answer cache, thanks, goodbye) and urgent ones (a person, at once);
/// answers the model gave to caller-independent questions are cached; everything else goes to the small or the large
/// model. Works on a copy of the dialogue state, so a failed model turn leaves nothing behind for the fallback.
/// The model sees the caller's personal data only as the call's placeholders; the values go with the turn for the tools.
/// </summary>
public sealed class ModelBrain(
    UnderstandingProvider understanding,
    EmotionAnalyzer emotionAnalyzer,
    AnswerCache answerCache,
    CallCenterMetrics metrics,
    IOptions<LlmOptions> options,
    IOptions<DialogueOptions> dialogueOptions)
{
    public const string Cache = "cache";
    public const string Fallback = "fallback";

    private static readonly string[] CacheableTools = ["policy_answer", "product_info"];

    public bool Enabled => options.Value.Enabled;

    public async Task<ModelBrainOutcome> RespondAsync(
        DialogueState state, string text, PiiVault vault, IReadOnlyList<Turn> history, CallFacts facts, string callId,
        ICrmGrain crm, ILlmGrain llm, bool speak, IReplyListener? listener)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var nlu = (await understanding.GetAsync(crm)).Understand(text, state.Language);
        var reading = emotionAnalyzer.Analyze(text, nlu.Language, state.Complaints);
        var embeddedIntent = settings.EffectiveEmbeddedIntents.Contains(nlu.Intent.ToString(), StringComparer.OrdinalIgnoreCase)
            && nlu.Confidence >= settings.EmbeddedIntentConfidence;
        if (reading.Urgent || embeddedIntent)
        {
            return new ModelBrainOutcome(null, null, LlmUsage.None, null, "", false, 0);
        }

        var work = state.Clone();
        work.Language = nlu.Language;
        // A turn with personal data in it is about this caller: never answered from, or stored in, the shared cache.
        var redacted = vault.Redact(text, nlu.Entities);
        var personal = !string.Equals(redacted, text, StringComparison.Ordinal);
        var cacheKey = "llm|" + nlu.NormalizedText;
        if (!personal && answerCache.TryGet(work.Language, cacheKey, out var cached))
        {
            Observe(work, reading, null);
            return new ModelBrainOutcome(
                new BrainTurn(cached, nlu.Intent, nlu.Confidence, nlu.Entities, reading, false, Cache), work, LlmUsage.None, null, "", false, 0);
        }

        var pack = DomainPacks.Get(settings.DomainPack);
        var tier = TierPolicy.Choose(settings, work, text, nlu.Entities.Count(e => e.Type == EntityTypes.OrderNumber), dialogueOptions.Value.NegativeEmotionThreshold);
        var request = new ModelTurnRequest(
            callId, work.Language, pack.Name, ContextWindow.Build(history, redacted, settings.ContextBudgetTokens),
            facts with { CustomerId = work.CustomerId, CustomerName = work.CustomerName, FocusOrderId = work.FocusOrderId, IdentityVerified = work.IdentityVerified, IdentityFailures = work.IdentityFailures },
            tier, speak, listener, new PiiValues(new Dictionary<string, string>(vault.Values)));
        ModelTurn reply;
        try
        {
            reply = await llm.RespondAsync(request);
        }
        catch (Exception ex)
        {
            // The model grain itself failed (its silo died mid-call, a serialization fault): the caller still gets an answer.
            return new ModelBrainOutcome(null, null, LlmUsage.None, $"the model grain failed: {ex.GetType().Name}", "", false, 0);
        }

        if (reply.Failure is not null)
        {
            return new ModelBrainOutcome(null, null, reply.Usage, reply.Failure, reply.Text, reply.SentencesSent > 0, reply.ModelMs);
        }

        Observe(work, reading, reply.Emotion);
        var actions = reply.Actions.ToList();
        if (pack.RiskIn(text) is { } risk && actions.All(a => a.Kind != CallActionKind.AlertSupervisor))
        {
            // Risk words alert a person whatever the model decided.
            actions.Add(new CallAction(CallActionKind.AlertSupervisor, $"risk words: {risk}"));
        }

        var handoff = Apply(work, actions);
        if (!personal && reply.ToolsUsed.Length > 0 && reply.ToolsUsed.All(CacheableTools.Contains) && actions.Count == 0 && !reply.FillerSent)
        {
            answerCache.Set(work.Language, cacheKey, reply.Text);
        }

        metrics.ModelOverhead(Stopwatch.GetElapsedTime(started).TotalMilliseconds - reply.ModelMs);
        var intent = reply.Intent ?? nlu.Intent;
        var entities = nlu.Entities.Concat(work.FocusOrderId is { } order && nlu.Entities.All(e => e.Value != order)
            ? [new Entity(EntityTypes.OrderNumber, order)] : []).ToArray();
        var turn = new BrainTurn(reply.Text, intent, reply.Intent is null ? nlu.Confidence : 0.9, entities,
            reading with { Score = Blend(reading.Score, reply.Emotion) }, handoff, reply.Brain);
        return new ModelBrainOutcome(turn, work, reply.Usage, null, reply.Text, reply.SentencesSent > 0, reply.ModelMs);
    }

    /// <summary>The turn's emotion: the lexicon's reading blended with the model's, then rolled into the call's score.</summary>
    private void Observe(DialogueState work, EmotionReading reading, double? modelEmotion)
    {
        work.Emotion = RollingEmotion.Blend(work.Emotion, Blend(reading.Score, modelEmotion), isFirstTurn: work.CallerTurns == 0);
        work.CallerTurns++;
        if (reading.IsComplaint)
        {
            work.Complaints++;
        }
    }

    private double Blend(double lexicon, double? model)
    {
        var weight = Math.Clamp(options.Value.ModelEmotionWeight, 0, 1);
        return model is { } m ? Math.Clamp(weight * m + (1 - weight) * lexicon, -1, 1) : lexicon;
    }

    /// <summary>Applies the call-level actions the model's tools asked for. True when the call goes to a person.</summary>
    private static bool Apply(DialogueState work, IEnumerable<CallAction> actions)
    {
        var handoff = false;
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case CallActionKind.TransferToHuman when work.Status == CallStatus.Active:
                    work.Status = CallStatus.WaitingForAgent;
                    work.HandoffReason = action.Reason;
                    work.HandoffSummary = action.Summary;
                    handoff = true;
                    break;
                case CallActionKind.AlertSupervisor:
                    work.Urgent = true;
                    work.HandoffReason ??= "urgent: " + action.Reason;
                    break;
                case CallActionKind.EndCall:
                    work.Status = CallStatus.Ended;
                    break;
                case CallActionKind.IdentityVerified:
                    work.IdentityVerified = true;
                    break;
                case CallActionKind.IdentityFailed:
                    work.IdentityFailures++;
                    break;
                case CallActionKind.FocusOrder:
                    work.FocusOrderId = action.Value;
                    break;
                case CallActionKind.FocusCustomer:
                    work.CustomerId = action.Value;
                    work.CustomerName = action.Reason;
                    break;
                case CallActionKind.Escalated:
                    work.ModelEscalated = true;
                    break;
            }
        }

        return handoff;
    }
}
