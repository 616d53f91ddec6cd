using CallCenter.Calls;

namespace CallCenter.Dialogue;

/// <summary>
/// What the brain remembers between turns: language, customer, status, emotion, and the task in progress
/// (an intent waiting for a slot or a confirmation) with the order and product in focus.
/// </summary>
[GenerateSerializer, Alias("DialogueState")]
public sealed class DialogueState
{
    public const string ConfirmationSlot = "confirmation";

    [Id(0)] public Language Language { get; set; }
    [Id(1)] public CallStatus Status { get; set; }
    [Id(2)] public string? CustomerId { get; set; }
    [Id(3)] public string? CustomerName { get; set; }
    [Id(4)] public EmotionState Emotion { get; set; } = EmotionState.Neutral;
    [Id(5)] public bool Urgent { get; set; }
    [Id(6)] public string? HandoffReason { get; set; }

    /// <summary>The task waiting for the caller: an intent that needs <see cref="AwaitedSlot"/> (an entity type or "confirmation").</summary>
    [Id(7)] public Intent? PendingIntent { get; set; }
    [Id(8)] public string? AwaitedSlot { get; set; }
    [Id(9)] public string? FocusOrderId { get; set; }
    [Id(10)] public string? FocusProductSku { get; set; }

    /// <summary>The values offered for <see cref="AwaitedSlot"/> ("A1003 or A1004?", "the Pro or the Lite?"), in the order said.</summary>
    [Id(11)] public string[] Choices { get; set; } = [];
    [Id(12)] public bool HandoffOffered { get; set; }
    [Id(13)] public int NotUnderstoodStreak { get; set; }
    [Id(14)] public int Complaints { get; set; }
    [Id(15)] public int CallerTurns { get; set; }

    /// <summary>The small model was unsure in this call: the large one answers from now on.</summary>
    [Id(16)] public bool ModelEscalated { get; set; }

    /// <summary>The caller passed identity verification (finance pack): account details may be given.</summary>
    [Id(17)] public bool IdentityVerified { get; set; }

    /// <summary>The model's summary of the call for the agent it is handed to.</summary>
    [Id(18)] public string? HandoffSummary { get; set; }

    /// <summary>Failed identity checks in this call; past the limit the model may not try again (no guessing).</summary>
    [Id(19)] public int IdentityFailures { get; set; }

    public DialogueState Clone()
    {
        var copy = (DialogueState)MemberwiseClone();
        copy.Choices = [.. Choices];
        return copy;
    }

    public void Await(Intent intent, string slot, string[]? choices = null)
    {
        PendingIntent = intent;
        AwaitedSlot = slot;
        Choices = choices ?? [];
    }

    public void ClearPending()
    {
        PendingIntent = null;
        AwaitedSlot = null;
        Choices = [];
    }

    /// <summary>The slots as the API shows them.</summary>
    public Dictionary<string, string> Slots()
    {
        var slots = new Dictionary<string, string>();
        if (FocusOrderId is not null) slots[EntityTypes.OrderNumber] = FocusOrderId;
        if (FocusProductSku is not null) slots[EntityTypes.Product] = FocusProductSku;
        if (PendingIntent is { } pending) slots["pending_intent"] = pending.ToString();
        if (AwaitedSlot is not null) slots["awaiting"] = AwaitedSlot;
        return slots;
    }
}
