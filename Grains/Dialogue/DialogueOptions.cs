using CallCenter.Calls;

namespace CallCenter.Dialogue;

/// <summary>Configuration section "Dialogue": how the embedded brain behaves.</summary>
public sealed class DialogueOptions
{
    public const string Section = "Dialogue";

    /// <summary>Language of the greeting when the call names none and the customer is unknown; the first message then decides.</summary>
    public Language DefaultLanguage { get; set; } = Language.En;

    /// <summary>Letter put before an order number given as digits only ("one zero zero one" → A1001).</summary>
    public string DefaultOrderPrefix { get; set; } = "A";

    /// <summary>Rolling emotion at or below which replies turn apologetic and calmer.</summary>
    public double NegativeEmotionThreshold { get; set; } = -0.3;

    /// <summary>Rolling emotion at or below which the bot offers a human agent (once per call).</summary>
    public double HandoffEmotionThreshold { get; set; } = -0.6;

    /// <summary>Turns in a row the brain may fail to understand before it transfers the caller to a person.</summary>
    public int NotUnderstoodHandoffAfter { get; set; } = 3;

    /// <summary>How often the product catalog the brain matches names against is reloaded from the CRM.</summary>
    public int CatalogRefreshMinutes { get; set; } = 10;
}
