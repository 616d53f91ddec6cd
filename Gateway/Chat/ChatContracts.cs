using CallCenter.Calls;

namespace CallCenter.Gateway.Chat;

/// <summary>Body of POST /api/calls (and the WebSocket "start" message). Every field is optional.</summary>
public sealed record StartCallRequest(string? Channel, string? Language, string? CustomerPhone);

/// <summary>Body of POST /api/calls/{id}/messages (and the WebSocket "message" message).</summary>
public sealed record MessageRequest(string? Text);

/// <remarks><c>CallerToken</c> opens this call and no other: send it as <c>Authorization: Bearer</c> (or
/// <c>?access_token=</c> on /ws/chat) to talk in it, read it and hang up.</remarks>
public sealed record CallStartedResponse(string CallId, string Greeting, Language Language, string? CustomerId, string CallerToken);

public sealed record EmotionResponse(double Score, double Trend);

/// <remarks><c>Brain</c> says who answered: embedded, cache, model:small, model:large, or fallback (the embedded brain
/// because the model failed). <c>ModelMs</c> is the time spent waiting for the model in this turn.</remarks>
public sealed record TurnResponse(
    string Reply, Intent Intent, Entity[] Entities, EmotionResponse Emotion, CallStatus Status, bool Handoff, bool Urgent, Language Language,
    string Brain, double ModelMs);

public sealed record EmotionPoint(int Seq, double Score);

/// <remarks>After the call (#5): <c>AgentId</c> is the agent on it at the end, <c>Disposition</c> and
/// <c>DispositionNote</c> how they closed it; <c>Summary</c> and <c>Satisfaction</c> (estimated, 1 to 5) are set when it ends.</remarks>
public sealed record CallResponse(
    string CallId, CallChannel Channel, Language Language, CallStatus Status, string? CustomerId, string? CustomerName,
    EmotionResponse Emotion, bool Urgent, Dictionary<string, string> Slots, Turn[] Turns, EmotionPoint[] EmotionCurve,
    DateTimeOffset StartedAt, DateTimeOffset? EndedAt, CallOutcome Outcome, string? HandoffReason, Llm.LlmUsage Usage,
    string? AgentId, CallCenter.Agents.Disposition? Disposition, string? DispositionNote, string? Summary, double? Satisfaction);

public sealed record CallListResponse(CallSummary[] Calls);

public sealed record ErrorResponse(string Error);

/// <summary>Maps grain results to the API's shapes.</summary>
public static class ChatMapping
{
    public static TurnResponse ToResponse(this TurnResult r) =>
        new(r.Reply, r.Intent, r.Entities, new EmotionResponse(Math.Round(r.Emotion.Score, 3), Math.Round(r.Emotion.Trend, 3)), r.Status, r.Handoff, r.Urgent, r.Language,
            r.Brain, Math.Round(r.ModelMs, 3));

    public static CallResponse ToResponse(this CallSnapshot s) => new(
        s.CallId, s.Channel, s.Language, s.Status, s.CustomerId, s.CustomerName,
        new EmotionResponse(Math.Round(s.Emotion.Score, 3), Math.Round(s.Emotion.Trend, 3)), s.Urgent, s.Slots, s.Turns,
        [.. s.Turns.Where(t => t.Emotion is not null).Select(t => new EmotionPoint(t.Seq, Math.Round(t.Emotion!.Value, 3)))],
        s.StartedAt, s.EndedAt, s.Outcome, s.HandoffReason, s.Usage, s.AgentId, s.Disposition, s.DispositionNote, s.Summary, s.Satisfaction);
}
