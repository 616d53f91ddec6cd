using CallCenter.Caching;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue.Emotion;
using CallCenter.Dialogue.Understanding;
using Microsoft.Extensions.Options;

namespace CallCenter.Dialogue;

/// <summary>
/// The embedded dialogue brain: turns one caller utterance into a reply, using the call's dialogue state and the CRM.
/// It understands the turn, scores its emotion, resolves it against the task in progress (a slot being filled,
/// a confirmation, a reference to the order just discussed), acts through the CRM, and adapts the reply to the
/// caller's mood. It answers only with what the CRM returned.
/// </summary>
public sealed class DialogueBrain(
    UnderstandingProvider understanding,
    EmotionAnalyzer emotionAnalyzer,
    AnswerCache answerCache,
    IOptions<DialogueOptions> options)
{
    public const string Name = "embedded";

    private static readonly Intent[] SlotFillingIntents = [Intent.ProvideInfo, Intent.NotUnderstood, Intent.Affirm];

    private DialogueOptions Options => options.Value;

    public async Task<BrainTurn> RespondAsync(DialogueState state, string text, ICrmGrain crm)
    {
        var nlu = (await understanding.GetAsync(crm)).Understand(text, state.Language);
        state.Language = nlu.Language;
        var reading = emotionAnalyzer.Analyze(text, nlu.Language, state.Complaints);
        state.Emotion = RollingEmotion.Blend(state.Emotion, reading.Score, isFirstTurn: state.CallerTurns == 0);
        state.CallerTurns++;
        if (reading.IsComplaint || nlu.Intent == Intent.Complaint)
        {
            state.Complaints++;
        }

        var turn = new TurnWork(state, nlu, crm, reading);
        string reply;
        if (reading.Urgent && !state.Urgent)
        {
            state.Urgent = true;
            turn.Intent = nlu.Intent;
            reply = HandOff(turn, "urgent: " + string.Join(", ", reading.UrgentTerms))
                ? Replies.UrgentTransfer(state.Language)
                : Replies.AlreadyWaiting(state.Language);
            turn.Apologized = true;
        }
        else
        {
            try
            {
                reply = await AnswerAsync(turn);
            }
            catch (Exception ex) when (ex is CrmUnavailableException or TimeoutException)
            {
                // The business systems are down: say so plainly and keep the task pending, never fail the turn.
                reply = Replies.SystemUnavailable(state.Language);
            }
        }

        state.NotUnderstoodStreak = turn.Intent == Intent.NotUnderstood ? state.NotUnderstoodStreak : 0;
        reply = AdaptToEmotion(turn, reply);
        return new BrainTurn(reply, turn.Intent, nlu.Confidence, [.. turn.Entities], reading, turn.Handoff, Name);
    }

    /// <summary>The bot's opening line.</summary>
    public static string Greeting(Language language, string? customerName, bool languageKnown) =>
        Replies.Greeting(language, customerName, languageKnown);

    private async Task<string> AnswerAsync(TurnWork turn)
    {
        var state = turn.State;
        var language = state.Language;
        var intent = turn.Nlu.Intent;
        var identified = await IdentifyCallerAsync(turn);
        PickFromChoices(turn);

        if (state.AwaitedSlot == DialogueState.ConfirmationSlot && intent is Intent.Affirm or Intent.Deny && state.PendingIntent is { } confirming)
        {
            state.ClearPending();
            turn.Intent = confirming;
            return (confirming, intent) switch
            {
                (Intent.CancelOrder, Intent.Affirm) => await CancelConfirmedAsync(turn),
                (Intent.CancelOrder, _) => Replies.CancelKept(language, state.FocusOrderId ?? ""),
                (Intent.HumanAgent, Intent.Affirm) => HandOff(turn, "caller accepted the offer of an agent") ? Replies.Transfer(language) : Replies.AlreadyWaiting(language),
                _ => Replies.KeepHelping(language),
            };
        }

        if (state.AwaitedSlot is { } slot && state.PendingIntent is { } pending && turn.Has(slot)
            && (SlotFillingIntents.Contains(intent) || intent == pending))
        {
            intent = pending;
        }
        else if (intent is Intent.ProvideInfo or Intent.NotUnderstood)
        {
            intent = turn.Has(EntityTypes.OrderNumber) ? Intent.OrderStatus
                : turn.Has(EntityTypes.Product) ? Intent.ProductInfo
                : turn.Has(EntityTypes.PolicyTopic) ? Intent.PolicyQuestion
                : intent;
            if (intent is Intent.ProvideInfo or Intent.NotUnderstood && identified is not null)
            {
                turn.Intent = Intent.ProvideInfo;
                return identified;
            }
        }

        if (intent != state.PendingIntent)
        {
            state.ClearPending(); // the caller changed the subject
        }

        turn.Intent = intent;
        return intent switch
        {
            Intent.Greeting => Replies.Welcome(language),
            Intent.OrderStatus => await OrderStatusAsync(turn),
            Intent.ReturnRequest => await ReturnAsync(turn),
            Intent.CancelOrder => await CancelAsync(turn),
            Intent.ProductInfo => await ProductInfoAsync(turn),
            Intent.PolicyQuestion => await PolicyAsync(turn),
            Intent.HumanAgent => HandOff(turn, "caller asked for a person") ? Replies.Transfer(language) : Replies.AlreadyWaiting(language),
            Intent.Complaint => await ComplaintAsync(turn),
            Intent.Goodbye => Goodbye(turn),
            Intent.Thanks => Replies.Thanks(language),
            Intent.Affirm => Replies.WhatCanIDo(language),
            Intent.Deny => Replies.AnythingElse(language),
            _ => NotUnderstood(turn),
        };
    }

    /// <summary>"The second one": turns a position into the value the bot offered at that position.</summary>
    private static void PickFromChoices(TurnWork turn)
    {
        var state = turn.State;
        if (state.AwaitedSlot is not { } slot || state.Choices.Length == 0
            || !int.TryParse(turn.First(EntityTypes.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var position))
        {
            return;
        }

        var index = position == -1 ? state.Choices.Length - 1 : position - 1;
        if (index >= 0 && index < state.Choices.Length)
        {
            turn.Add(slot, state.Choices[index]);
        }
    }

    /// <summary>A phone number from an unidentified caller identifies them; returns the reply when the turn was only that.</summary>
    private static async Task<string?> IdentifyCallerAsync(TurnWork turn)
    {
        var state = turn.State;
        if (state.CustomerId is not null || turn.First(EntityTypes.Phone) is not { } phone)
        {
            return null;
        }

        var customer = await turn.Crm.FindCustomerByPhoneAsync(phone);
        if (customer is null)
        {
            return Replies.CustomerNotFound(state.Language);
        }

        state.CustomerId = customer.Id;
        state.CustomerName = customer.Name;
        return Replies.CustomerIdentified(state.Language, customer.Name);
    }

    private static async Task<string> OrderStatusAsync(TurnWork turn)
    {
        var (order, ask) = await ResolveOrderAsync(turn, Intent.OrderStatus);
        return order is null ? ask! : Replies.OrderStatus(turn.State.Language, order);
    }

    private static async Task<string> ReturnAsync(TurnWork turn)
    {
        var (order, ask) = await ResolveOrderAsync(turn, Intent.ReturnRequest);
        if (order is null)
        {
            return ask!;
        }

        var outcome = await turn.Crm.StartReturnAsync(order.Id, reason: null);
        return outcome.Accepted
            ? Replies.ReturnStarted(turn.State.Language, order, outcome)
            : Replies.ReturnRefused(turn.State.Language, order, outcome);
    }

    private static async Task<string> CancelAsync(TurnWork turn)
    {
        var (order, ask) = await ResolveOrderAsync(turn, Intent.CancelOrder);
        if (order is null)
        {
            return ask!;
        }

        var refusal = OrderStatuses.CancelRefusal(order.Status);
        if (refusal != CrmRefusal.None)
        {
            return Replies.CancelRefused(turn.State.Language, order, refusal);
        }

        // Cancelling cannot be undone: confirm before acting.
        turn.State.Await(Intent.CancelOrder, DialogueState.ConfirmationSlot);
        return Replies.ConfirmCancel(turn.State.Language, order);
    }

    private static async Task<string> CancelConfirmedAsync(TurnWork turn)
    {
        var language = turn.State.Language;
        var order = turn.State.FocusOrderId is { } id ? await turn.Crm.GetOrderAsync(id) : null;
        if (order is null)
        {
            return Replies.AskOrderNumber(language, Intent.CancelOrder);
        }

        turn.Add(EntityTypes.OrderNumber, order.Id);
        var outcome = await turn.Crm.CancelOrderAsync(order.Id);
        return outcome.Cancelled ? Replies.Cancelled(language, order) : Replies.CancelRefused(language, order, outcome.Refusal);
    }

    /// <summary>
    /// Finds the order the turn is about: the number the caller gave, else the order just discussed, else the
    /// identified customer's only relevant order. Otherwise asks for it and keeps the task pending.
    /// </summary>
    private static async Task<(Order? Order, string? Ask)> ResolveOrderAsync(TurnWork turn, Intent intent)
    {
        var state = turn.State;
        var id = turn.First(EntityTypes.OrderNumber) ?? state.FocusOrderId;
        if (id is null && state.CustomerId is not null)
        {
            var orders = await turn.Crm.GetCustomerOrdersAsync(state.CustomerId);
            var candidates = orders.Where(o => IsRelevant(intent, o)).ToArray();
            if (candidates.Length > 1)
            {
                state.Await(intent, EntityTypes.OrderNumber, [.. candidates.Select(o => o.Id)]);
                return (null, Replies.AskWhichOrder(state.Language, state.Choices));
            }

            // No open order to ask about: "where's my package?" is then about the latest one that was not cancelled
            // (orders come newest first).
            id = candidates.FirstOrDefault()?.Id ?? (intent == Intent.OrderStatus
                ? (orders.FirstOrDefault(o => o.Status != OrderStatuses.Cancelled) ?? orders.FirstOrDefault())?.Id
                : null);
        }

        if (id is null)
        {
            state.Await(intent, EntityTypes.OrderNumber);
            return (null, Replies.AskOrderNumber(state.Language, intent));
        }

        var order = await turn.Crm.GetOrderAsync(id);
        if (order is null)
        {
            state.Await(intent, EntityTypes.OrderNumber);
            return (null, Replies.OrderNotFound(state.Language, id));
        }

        state.FocusOrderId = order.Id;
        state.ClearPending();
        turn.Add(EntityTypes.OrderNumber, order.Id);
        return (order, null);
    }

    private static bool IsRelevant(Intent intent, Order order) => intent switch
    {
        Intent.ReturnRequest => order.Status == OrderStatuses.Delivered,
        Intent.CancelOrder => OrderStatuses.CancelRefusal(order.Status) == CrmRefusal.None,
        _ => order.Status is not (OrderStatuses.Delivered or OrderStatuses.Cancelled),
    };

    private static async Task<string> ProductInfoAsync(TurnWork turn)
    {
        var state = turn.State;
        var skus = turn.All(EntityTypes.Product);
        if (state.Choices.Length > 0 && skus.Intersect(state.Choices).ToArray() is { Length: > 0 } narrowed)
        {
            skus = narrowed;
        }

        if (skus.Length == 0 && state.FocusProductSku is not null)
        {
            skus = [state.FocusProductSku];
        }

        if (skus.Length == 0)
        {
            state.Await(Intent.ProductInfo, EntityTypes.Product);
            return Replies.AskWhichProduct(state.Language);
        }

        var products = (await Task.WhenAll(skus.Select(turn.Crm.GetProductAsync))).OfType<Product>().ToArray();
        if (products.Length == 0)
        {
            state.Await(Intent.ProductInfo, EntityTypes.Product);
            return Replies.ProductUnknown(state.Language);
        }

        if (products.Length > 1)
        {
            state.Await(Intent.ProductInfo, EntityTypes.Product, [.. products.Select(p => p.Sku)]);
            return Replies.ChooseProduct(state.Language, products);
        }

        state.ClearPending();
        state.FocusProductSku = products[0].Sku;
        turn.Entities.RemoveAll(e => e.Type == EntityTypes.Product && e.Value != products[0].Sku);
        return Replies.ProductInfo(state.Language, products[0]);
    }

    private async Task<string> PolicyAsync(TurnWork turn)
    {
        var state = turn.State;
        if (turn.First(EntityTypes.PolicyTopic) is not { } topic)
        {
            state.Await(Intent.PolicyQuestion, EntityTypes.PolicyTopic);
            return Replies.AskPolicyTopic(state.Language);
        }

        state.ClearPending();
        var question = turn.Nlu.NormalizedText;
        if (answerCache.TryGet(state.Language, question, out var cached))
        {
            return cached;
        }

        var policy = (await turn.Crm.GetPoliciesAsync()).FirstOrDefault(p => p.Topic == topic);
        if (policy is null)
        {
            return Replies.AskPolicyTopic(state.Language);
        }

        var answer = policy.In(state.Language);
        answerCache.Set(state.Language, question, answer);
        return answer;
    }

    /// <summary>An apology first; when the complaint names an order, its facts; then, once, the offer of a person.</summary>
    private static async Task<string> ComplaintAsync(TurnWork turn)
    {
        var state = turn.State;
        turn.Apologized = true;
        var orderFacts = "";
        if (turn.First(EntityTypes.OrderNumber) is { } id && await turn.Crm.GetOrderAsync(id) is { } order)
        {
            state.FocusOrderId = order.Id;
            orderFacts = (state.Language == Language.Zh ? "" : " ") + Replies.OrderStatus(state.Language, order);
        }

        // Offer a person once; offer again only while the first offer is still unanswered.
        if ((state.HandoffOffered && !turn.HandoffOfferWasPending) || state.Status != CallStatus.Active)
        {
            return Replies.ComplaintAgain(state.Language) + orderFacts;
        }

        state.HandoffOffered = true;
        state.Await(Intent.HumanAgent, DialogueState.ConfirmationSlot);
        return Replies.Apology(state.Language) + orderFacts + (state.Language == Language.Zh ? "" : " ") + Replies.Complaint(state.Language);
    }

    private static string Goodbye(TurnWork turn)
    {
        turn.State.ClearPending();
        turn.State.Status = CallStatus.Ended;
        return Replies.Goodbye(turn.State.Language);
    }

    private string NotUnderstood(TurnWork turn)
    {
        var state = turn.State;
        state.NotUnderstoodStreak++;
        if (state.NotUnderstoodStreak >= Options.NotUnderstoodHandoffAfter
            && HandOff(turn, $"not understood {state.NotUnderstoodStreak} times in a row"))
        {
            return Replies.TransferAfterNotUnderstood(state.Language);
        }

        return Replies.NotUnderstood(state.Language);
    }

    /// <summary>Queues the call for a person. False when it is already waiting for or talking to one.</summary>
    private static bool HandOff(TurnWork turn, string reason)
    {
        var state = turn.State;
        if (state.Status != CallStatus.Active)
        {
            return false;
        }

        state.ClearPending();
        state.Status = CallStatus.WaitingForAgent;
        state.HandoffReason = reason;
        turn.Handoff = true;
        return true;
    }

    /// <summary>An upset caller gets an apology and calmer phrasing; past the threshold, once, the offer of a person.</summary>
    private string AdaptToEmotion(TurnWork turn, string reply)
    {
        var state = turn.State;
        if (turn.Handoff || state.Status == CallStatus.Ended || state.Emotion.Score > Options.NegativeEmotionThreshold)
        {
            return reply;
        }

        var separator = state.Language == Language.Zh ? "" : " ";
        reply = reply.Replace('!', '.').Replace('！', '。');
        var smallTalk = turn.Intent is Intent.Affirm or Intent.Deny or Intent.Thanks or Intent.Greeting;
        if (!turn.Apologized && (turn.Reading.Score < 0 || !smallTalk))
        {
            reply = Replies.Apology(state.Language) + separator + reply;
        }

        if (state.Emotion.Score <= Options.HandoffEmotionThreshold && !state.HandoffOffered
            && state.Status == CallStatus.Active && state.AwaitedSlot is null)
        {
            state.HandoffOffered = true;
            state.Await(Intent.HumanAgent, DialogueState.ConfirmationSlot);
            reply += separator + Replies.OfferHuman(state.Language);
        }

        return reply;
    }

    /// <summary>The working set of one turn: the understood utterance, the entities it ends up with, and what it did.</summary>
    private sealed class TurnWork(DialogueState state, NluResult nlu, ICrmGrain crm, EmotionReading reading)
    {
        public DialogueState State { get; } = state;
        public NluResult Nlu { get; } = nlu;
        public ICrmGrain Crm { get; } = crm;
        public EmotionReading Reading { get; } = reading;

        /// <summary>The bot had offered a person and was waiting for a yes or no when this turn came.</summary>
        public bool HandoffOfferWasPending { get; } =
            state.PendingIntent == Intent.HumanAgent && state.AwaitedSlot == DialogueState.ConfirmationSlot;
        public List<Entity> Entities { get; } = [.. nlu.Entities];
        public Intent Intent { get; set; } = nlu.Intent;
        public bool Handoff { get; set; }
        public bool Apologized { get; set; }

        public bool Has(string type) => Entities.Exists(e => e.Type == type);

        public string? First(string type) => Entities.Find(e => e.Type == type)?.Value;

        public string[] All(string type) => [.. Entities.Where(e => e.Type == type).Select(e => e.Value).Distinct()];

        public void Add(string type, string value)
        {
            if (!Entities.Exists(e => e.Type == type && e.Value == value))
            {
                Entities.Add(new Entity(type, value));
            }
        }
    }
}
