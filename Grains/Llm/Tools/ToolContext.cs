using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.Dialogue.Understanding;

namespace CallCenter.Llm.Tools;

/// <summary>
/// What a tool acts on during one turn: the CRM, and a working copy of the call's facts. Call-level effects are
/// collected as <see cref="Actions"/> for the call grain to apply once the turn is over.
/// </summary>
public sealed class ToolContext(ICrmGrain crm, NaturalLanguageUnderstanding nlu, CallFacts facts, Language language)
{
    public ICrmGrain Crm => crm;

    /// <summary>The embedded understanding, to normalize what the model passes ("a-1001", "the pro earbuds").</summary>
    public NaturalLanguageUnderstanding Nlu => nlu;

    public Language Language => language;

    public CallFacts Facts { get; private set; } = facts;

    public List<CallAction> Actions { get; } = [];

    /// <summary>True when a tool's answer depends on who the caller is (so the turn's answer must not be cached).</summary>
    public bool CallerSpecific { get; set; }

    public void Act(CallAction action)
    {
        Actions.Add(action);
        Facts = action.Kind switch
        {
            CallActionKind.FocusOrder => Facts with { FocusOrderId = action.Value },
            CallActionKind.FocusCustomer => Facts with { CustomerId = action.Value, CustomerName = action.Reason },
            CallActionKind.IdentityVerified => Facts with { IdentityVerified = true },
            CallActionKind.IdentityFailed => Facts with { IdentityFailures = Facts.IdentityFailures + 1 },
            _ => Facts,
        };
    }
}
