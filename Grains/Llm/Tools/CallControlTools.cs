namespace CallCenter.Llm.Tools;

/// <summary>Tools that act on the call itself. They only record what the model asked; the call grain applies it.</summary>
public static class CallControlTools
{
    public static readonly ModelTool TransferToHuman = new(
        "transfer_to_human",
        "Hand the call to a human agent: when the caller asks for a person, the case is too complex, or the caller is very upset.",
        [new("reason", "string", "Why the call goes to a person."), new("summary", "string", "A short summary of the call for the agent.", MaxLength: 600)],
        (args, context) =>
        {
            context.Act(new CallAction(CallActionKind.TransferToHuman, args.String("reason"), args.String("summary")));
            return Task.FromResult<object>(new { status = "transferring", say = "Tell the caller you are connecting them to a colleague now." });
        });

    public static readonly ModelTool AlertSupervisor = new(
        "alert_supervisor",
        "Alert a supervisor at once: safety, legal threats, fraud, or any urgent situation.",
        [new("reason", "string", "What is urgent.")],
        (args, context) =>
        {
            context.Act(new CallAction(CallActionKind.AlertSupervisor, args.String("reason")));
            return Task.FromResult<object>(new { status = "supervisor_alerted" });
        });

    public static readonly ModelTool EndCall = new(
        "end_call",
        "End the call after saying goodbye, when the caller has nothing more.",
        [],
        (_, context) =>
        {
            context.Act(new CallAction(CallActionKind.EndCall));
            return Task.FromResult<object>(new { status = "ending" });
        });

    public static readonly ModelTool[] All = [TransferToHuman, AlertSupervisor, EndCall];
}
