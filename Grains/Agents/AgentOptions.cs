namespace CallCenter.Agents;

/// <summary>Configuration section "Agents": routing to human agents (the Gateway reads its own part, AgentDeskOptions).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>How long an agent has to accept an offered call before it goes to the next one.</summary>
    public int OfferTimeoutSeconds { get; set; } = 15;

    /// <summary>Emotion at or below which a waiting call counts as angry and goes ahead of calmer ones.</summary>
    public double AngryAt { get; set; } = -0.5;

    /// <summary>After a call, the agent stays in wrap-up this long (or until they set themselves available).</summary>
    public int WrapUpSeconds { get; set; } = 30;

    /// <summary>The service-level target: share of transferred calls answered by an agent within this many seconds.</summary>
    public int ServiceLevelSeconds { get; set; } = 20;

    /// <summary>The domain a call belongs to when no language model pack says otherwise.</summary>
    public string DefaultDomain { get; set; } = "ecommerce";
}
