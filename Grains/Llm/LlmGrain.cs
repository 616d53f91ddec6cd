using System.Diagnostics;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue;
using CallCenter.Llm.Packs;
using CallCenter.Llm.Tools;
using CallCenter.Privacy;
using CallCenter.Telemetry;
using CallCenter.Voice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using Orleans.Concurrency;

namespace CallCenter.Llm;

/// <summary>
/// Answers one caller turn with the language model: streams the answer, sends each sentence on as soon as it is
/// complete (to the call's TTS grain and the chat listener), runs the tool rounds against the CRM, plays a filler when
/// the answer is slow to start, escalates to the large model when the small one is unsure, and gives up (the call
/// grain's embedded brain then answers) past the hard time limit or when the model fails. The model only ever sees the
/// call's placeholders for personal data: tool arguments get the real values back just before a tool runs against the
/// CRM, tool results go back to the model masked, and a placeholder in the model's words is said as "ending in 1111".
/// Reentrant: a turn spends nearly all its time waiting on the model, so one activation interleaves many turns (a
/// stateless worker alone runs one turn at a time per activation, with one activation per core: two turns at once on
/// two cores). It keeps no state between turns.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LlmGrain(
    ModelClient model,
    CircuitBreaker circuit,
    UnderstandingProvider understanding,
    CallCenterMetrics metrics,
    TimeProvider time,
    IOptions<LlmOptions> options,
    ILogger<LlmGrain> logger) : Grain, ILlmGrain
{
    // The turn below reaches the grain's services through these (a nested class cannot see primary-constructor parameters).
    private ModelClient Model => model;
    private UnderstandingProvider Understanding => understanding;
    private CallCenterMetrics Metrics => metrics;
    private TimeProvider Time => time;
    private LlmOptions Settings => options.Value;

    private static readonly JsonSerializerOptions ToolJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<ModelTurn> RespondAsync(ModelTurnRequest request)
    {
        var settings = options.Value;
        if (!circuit.TryEnter())
        {
            metrics.ModelTurn("circuit_open", request.Tier);
            return Failed("the model's circuit is open after repeated failures", LlmUsage.None, 0, false, 0, "");
        }

        var turn = new TurnInProgress(this, request);
        using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(settings.HardLimitMs));
        using var fillerWait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token); // ends with the turn
        var filler = request.Speak || request.Listener is not null ? turn.FillerAsync(fillerWait.Token) : Task.CompletedTask;
        try
        {
            var result = await turn.RunAsync(limit.Token);
            circuit.Succeeded();
            metrics.ModelTurn("answered", result.Tier);
            return result.Turn;
        }
        catch (Exception ex) when (ex is ToolRoundsExceededException or CrmUnavailableException)
        {
            // The model answered; the turn went wrong around it. That is no reason to open the circuit.
            circuit.Succeeded();
            return Fallback(request, ex.Message, turn);
        }
        catch (Exception ex)
        {
            // Down, too slow, garbled, or a failure nobody foresaw: whatever it was, the embedded brain answers.
            circuit.Failed();
            return Fallback(request, ex switch
            {
                OperationCanceledException => $"no answer within {settings.HardLimitMs} ms",
                ModelUnavailableException => ex.Message,
                _ => $"{ex.GetType().Name}: {ex.Message}",
            }, turn);
        }
        finally
        {
            // A turn answered before the filler's moment must not wait for that moment (it would hold the call grain).
            turn.Done = true;
            await fillerWait.CancelAsync();
            await filler;
        }
    }

    private ModelTurn Fallback(ModelTurnRequest request, string reason, TurnInProgress turn)
    {
        logger.LogWarning("Call {CallId}: the model did not answer ({Reason}); the embedded brain answers this turn.", request.CallId, reason);
        metrics.ModelTurn("fallback", request.Tier);
        return Failed(reason, turn.Usage, turn.Sent, turn.FillerSent, turn.ModelMs, turn.SaidText);
    }

    /// <summary>A turn the model could not answer; <paramref name="said"/> is what the caller already heard of it.</summary>
    private static ModelTurn Failed(string reason, LlmUsage usage, int sent, bool filler, double modelMs, string said) =>
        new(said, null, null, [], usage, DialogueBrain.Name, reason, [], sent, filler, modelMs);

    private sealed class ToolRoundsExceededException(int rounds) : Exception($"the model used more than {rounds} tool rounds");

    /// <summary>The state of one turn: what was said, which tools ran, what it cost.</summary>
    private sealed class TurnInProgress(LlmGrain grain, ModelTurnRequest request)
    {
        private readonly List<string> _said = [];
        private readonly List<string> _tools = [];
        private long _modelTicks;

        public bool Done { get; set; }

        public bool FillerSent { get; private set; }

        public int Sent => _said.Count;

        public LlmUsage Usage { get; private set; } = LlmUsage.None;

        public string SaidText => string.Join(request.Language == Language.Zh ? "" : " ", _said);

        public double ModelMs => Stopwatch.GetElapsedTime(0, _modelTicks).TotalMilliseconds;

        private LlmOptions Settings => grain.Settings;

        public async Task<(ModelTurn Turn, ModelTier Tier)> RunAsync(CancellationToken cancellationToken)
        {
            var pack = DomainPacks.Get(request.DomainPack);
            var crm = grain.GrainFactory.GetGrain<ICrmGrain>(CrmGrainKeys.Default);
            var context = new ToolContext(crm, await grain.Understanding.GetAsync(crm), ResolvedFacts(), request.Language);
            var tools = pack.Tools.Where(t => Settings.Tools.Length == 0 || Settings.Tools.Contains(t.Name)).ToArray();
            var chatTools = tools.Select(t => t.ToChatTool()).ToArray();
            var tier = grain.Model.Effective(request.Tier);
            var messages = new List<ChatMessage>
            {
                new SystemChatMessage(PromptBuilder.System(pack, Settings, request.Language, request.Facts, DateOnly.FromDateTime(grain.Time.GetUtcNow().UtcDateTime))),
            };
            messages.AddRange(request.Messages.Select(ToChatMessage));

            ReplyMeta meta = ReplyMeta.None;
            for (var round = 0; ; round++)
            {
                if (round >= Settings.MaxToolRounds)
                {
                    throw new ToolRoundsExceededException(Settings.MaxToolRounds);
                }

                var reply = new ReplyStream(speakFirstClause: request.Speak && Settings.SpeakFirstClause && pack.Forbidden is null && _said.Count == 0);
                var received = 0;
                IReadOnlyList<ChatToolCall> calls = [];
                var escalate = false;
                var started = Stopwatch.GetTimestamp();
                await foreach (var delta in grain.Model.StreamAsync(tier, messages, chatTools, cancellationToken))
                {
                    if (delta is ModelDelta.Text text)
                    {
                        received += text.Value.Length;
                        var sentences = reply.Add(text.Value);
                        if (reply.MetaKnown && ShouldEscalate(reply.Meta, tier))
                        {
                            // Abandoned before its usage arrived: bill what was sent and received, estimated.
                            Count(tier, messages.Sum(EstimateTokens), received / 4 + 1);
                            escalate = true;
                            break;
                        }

                        await SayAsync(sentences, pack);
                    }
                    else if (delta is ModelDelta.Done done)
                    {
                        calls = done.ToolCalls;
                        Count(tier, done.PromptTokens, done.CompletionTokens);
                    }
                }

                _modelTicks += Stopwatch.GetTimestamp() - started;
                if (!escalate)
                {
                    var rest = reply.Finish();
                    escalate = calls.Count == 0 && ShouldEscalate(reply.Meta, tier);
                    if (!escalate)
                    {
                        await SayAsync(rest, pack);
                    }
                }

                if (escalate)
                {
                    // The small model said it is unsure before saying anything: the large one answers instead.
                    grain.Metrics.ModelEscalated();
                    tier = ModelTier.Large;
                    context.Act(new CallAction(CallActionKind.Escalated));
                    continue;
                }

                if (reply.Meta != ReplyMeta.None)
                {
                    meta = reply.Meta;
                }

                if (calls.Count == 0)
                {
                    break;
                }

                messages.Add(new AssistantChatMessage(calls));
                foreach (var call in calls)
                {
                    messages.Add(new ToolChatMessage(call.Id, await RunToolAsync(tools, call, context)));
                }
            }

            var brainName = "model:" + tier.ToString().ToLowerInvariant();
            return (new ModelTurn(SaidText, meta.Intent, meta.Emotion, [.. context.Actions], Usage, brainName, null, [.. _tools], Sent, FillerSent, ModelMs), tier);
        }

        private IReadOnlyDictionary<string, string> Secrets => request.Secrets?.ByToken ?? PiiValues.None.ByToken;

        /// <summary>The call's facts for the tools: the caller's number as its real value (or none, if the call lost it).</summary>
        private CallFacts ResolvedFacts()
        {
            if (request.Facts.CallerPhone is not { } phone)
            {
                return request.Facts;
            }

            var missing = new List<string>();
            var resolved = PiiPlaceholders.Resolve(phone, Secrets, missing);
            return request.Facts with { CallerPhone = missing.Count == 0 ? resolved : null };
        }

        /// <summary>Plays the filler once if nothing has been said when the time is up.</summary>
        public async Task FillerAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Settings.FillerAfterMs), grain.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!Done && _said.Count == 0)
            {
                FillerSent = true;
                grain.Metrics.ModelFiller();
                await SendAsync(Replies.Filler(request.Language));
            }
        }

        private bool ShouldEscalate(ReplyMeta meta, ModelTier tier) =>
            !meta.Sure && tier == ModelTier.Small && Settings.HasLarge && _said.Count == (FillerSent ? 1 : 0);

        private async Task SayAsync(IReadOnlyList<string> sentences, DomainPack pack)
        {
            foreach (var sentence in sentences)
            {
                var allowed = pack.Comply(PiiPlaceholders.Speakable(sentence, request.Language), request.Language);
                if (allowed != sentence && _said.Contains(allowed))
                {
                    continue; // a second forbidden sentence: the compliance line was said once, that is enough
                }

                await SendAsync(allowed);
            }
        }

        private async Task SendAsync(string sentence)
        {
            _said.Add(sentence);
            if (request.Speak)
            {
                await grain.GrainFactory.GetGrain<ITtsStreamGrain>(request.CallId).SpeakAsync(sentence, request.Language);
            }

            if (request.Listener is { } listener)
            {
                await listener.OnReplySentenceAsync(request.CallId, sentence);
            }
        }

        private async Task<string> RunToolAsync(ModelTool[] tools, ChatToolCall call, ToolContext context)
        {
            _tools.Add(call.FunctionName);
            var tool = tools.FirstOrDefault(t => t.Name == call.FunctionName);
            object result;
            if (tool is null)
            {
                result = new { error = $"There is no tool '{call.FunctionName}'. Available: {string.Join(", ", tools.Select(t => t.Name))}." };
            }
            else
            {
                // The model passed the caller's placeholders ("[PHONE_1 ****0101]"): the tool gets the real values.
                var missing = new List<string>();
                var resolved = PiiPlaceholders.ResolveArguments(call.FunctionArguments.ToString(), Secrets, missing);
                var (arguments, problem) = tool.Validate(resolved);
                result = missing.Count > 0
                    ? new { error = $"The value behind {string.Join(", ", missing)} is no longer available in this call: ask the caller to say it again." }
                    : problem is not null ? new { error = problem } : await tool.Run(arguments!, context);
            }

            grain.Metrics.ModelToolCall(tool?.Name ?? "unknown", result.GetType().GetProperty("error") is null);
            return PiiPlaceholders.MaskJson(JsonSerializer.SerializeToNode(result, ToolJson));
        }

        private void Count(ModelTier tier, int prompt, int completion)
        {
            var prices = tier == ModelTier.Large ? Settings.LargePrices : Settings.SmallPrices;
            var cost = (prompt * prices.Prompt + completion * prices.Completion) / 1000m;
            var usage = tier == ModelTier.Large ? new LlmUsage(0, 0, prompt, completion, cost) : new LlmUsage(prompt, completion, 0, 0, cost);
            Usage = Usage.Add(usage);
            grain.Metrics.ModelTokens(tier, prompt, completion, cost);
        }

        private static int EstimateTokens(ChatMessage message) =>
            message.Content.Sum(part => part.Text is { } text ? ContextWindow.EstimateTokens(text) : 0);

        private static ChatMessage ToChatMessage(LlmMessage message) => message.Role switch
        {
            "system" => new SystemChatMessage(message.Content),
            "assistant" => new AssistantChatMessage(message.Content),
            _ => new UserChatMessage(message.Content),
        };
    }
}
