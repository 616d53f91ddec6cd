namespace CallCenter.Privacy;

/// <summary>The kinds of personal data the engine masks.</summary>
[GenerateSerializer, Alias("PiiKind")]
public enum PiiKind
{
    /// <summary>A payment card number: 13 to 19 digits that pass the Luhn check.</summary>
    Card,

    /// <summary>A US Social Security number (or its last four digits, said as such).</summary>
    Ssn,

    /// <summary>A China resident identity card number (18 characters with its check digit, or the 15-digit legacy form).</summary>
    NationalId,

    Phone,
    Email,

    /// <summary>A street address (US) or an address down to the road or building (China).</summary>
    Address,
}

/// <summary>
/// A piece of personal data found in a text: where it is, and its value in the form tools and the CRM take (card and
/// ID numbers as digits, a phone number as "+" and digits as written, an e-mail address in lower case).
/// </summary>
public readonly record struct PiiSpan(PiiKind Kind, int Start, int Length, string Value)
{
    public int End => Start + Length;
}
