namespace CallCenter.Privacy;

/// <summary>
/// The real values behind a call's placeholders ("CARD_1" → the card number), sent with a model turn so the tools can
/// give the CRM what the caller said. Travels between silos in a grain call only; never stored, logged or sent to a model.
/// </summary>
[GenerateSerializer, Alias("PiiValues")]
public sealed record PiiValues([property: Id(0)] Dictionary<string, string> ByToken)
{
    public static readonly PiiValues None = new(new Dictionary<string, string>());

    /// <summary>Never the values: this object may end up in a log line or an exception message.</summary>
    public override string ToString() => $"{ByToken.Count} personal value(s)";
}
