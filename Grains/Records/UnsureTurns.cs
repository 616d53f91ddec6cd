using CallCenter.Calls;
using CallCenter.Dialogue.Understanding;
using CallCenter.Llm;

namespace CallCenter.Records;

/// <summary>
/// Finds the caller turns of one call record that are worth a human label: understood with low confidence, not
/// understood, answered by the fallback brain (the model failed), or corrected by an agent: the last caller turn
/// before the (latest) transfer, and every caller turn an agent answered. The label a person gave is the agent's reply.
/// </summary>
public static class UnsureTurns
{
    public static IEnumerable<UnsureTurn> Find(CallRecord record, DateTimeOffset? since, double unsureConfidence)
    {
        var turns = record.Turns;
        var transferTurn = record.Summary.TransferredAt is { } transferredAt
            ? turns.LastOrDefault(t => t.Speaker == Speaker.Caller && t.Time <= transferredAt)?.Seq
            : null;
        for (var i = 0; i < turns.Length; i++)
        {
            var turn = turns[i];
            if (turn.Speaker != Speaker.Caller || (since is { } from && turn.Time < from))
            {
                continue;
            }

            var reply = After(turns, i, t => t.Speaker is Speaker.Bot or Speaker.Agent);
            var byAgent = reply?.Speaker == Speaker.Agent;
            var transferred = turn.Seq == transferTurn;
            var reasons = new List<string>(4);
            if (turn.Confidence is { } confidence && confidence < unsureConfidence) reasons.Add(UnsureReasons.LowConfidence);
            if (turn.Intent == Intent.NotUnderstood) reasons.Add(UnsureReasons.NotUnderstood);
            if (reply?.Brain == ModelBrain.Fallback) reasons.Add(UnsureReasons.Fallback);
            if (byAgent || transferred) reasons.Add(UnsureReasons.HandedToAgent);
            if (reasons.Count == 0)
            {
                continue;
            }

            var agentReply = byAgent ? reply : transferred ? After(turns, i, t => t.Speaker == Speaker.Agent) : null;
            yield return new UnsureTurn(
                record.Summary.CallId, turn.Seq, turn.Time, LanguageOf(turn.Text, record.Summary.Language), turn.Text, turn.Intent,
                turn.Confidence, reply?.Brain, reply?.Text, [.. reasons], agentReply?.Text);
        }
    }

    private static Turn? After(Turn[] turns, int index, Func<Turn, bool> match)
    {
        for (var i = index + 1; i < turns.Length; i++)
        {
            if (match(turns[i])) return turns[i];
        }

        return null;
    }

    /// <summary>The turn's own language (callers switch): any Chinese character makes it Chinese, a Latin letter English.</summary>
    private static Language LanguageOf(string text, Language callLanguage)
    {
        if (text.Any(CharClass.IsCjk)) return Language.Zh;
        return text.Any(CharClass.IsAsciiLetter) ? Language.En : callLanguage;
    }
}
