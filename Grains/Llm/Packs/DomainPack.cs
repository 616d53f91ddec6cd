using System.Text.RegularExpressions;
using CallCenter.Calls;
using CallCenter.Llm.Tools;

namespace CallCenter.Llm.Packs;

/// <summary>
/// A business domain the model serves: its instructions per language, the tools it may use, the caller words that
/// alert a supervisor whatever the model does, and the sentences it must never say (checked before each is spoken).
/// </summary>
public sealed record DomainPack(
    string Name,
    string PromptEn,
    string PromptZh,
    ModelTool[] Tools,
    string[] RiskTerms,
    Regex? Forbidden,
    string ComplianceEn,
    string ComplianceZh)
{
    public string Prompt(Language language) => language == Language.Zh ? PromptZh : PromptEn;

    /// <summary>The first risk term the caller used, or null.</summary>
    public string? RiskIn(string callerText) =>
        RiskTerms.FirstOrDefault(term => callerText.Contains(term, StringComparison.OrdinalIgnoreCase));

    /// <summary>A sentence as it may be said: a forbidden one is replaced by the pack's compliance line.</summary>
    public string Comply(string sentence, Language language) =>
        Forbidden is not null && Forbidden.IsMatch(sentence) ? (language == Language.Zh ? ComplianceZh : ComplianceEn) : sentence;
}
