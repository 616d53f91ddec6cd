namespace CallCenter.Crm;

/// <summary>
/// A phone number reduced to its digits, remembering whether it was written in international form
/// ("+8613800000001", or "008613800000001", which is how the + is dialled). Matching rules:
/// the same digits match; otherwise a number written without the country code matches a longer number whose
/// last digits it is, if it has at least <see cref="MinimumSuffixDigits"/> digits ("5550101" matches
/// "+15550101", "13800000001" matches "+8613800000001"). Two international numbers match only exactly.
/// </summary>
internal readonly record struct PhoneNumber(string Digits, bool International)
{
    public const int MinimumSuffixDigits = 7;

    /// <summary>The last digits every matching number shares: an index key that finds all candidates.</summary>
    public string Key => Digits.Length <= MinimumSuffixDigits ? Digits : Digits[^MinimumSuffixDigits..];

    public static PhoneNumber? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            digits = digits[2..];
        }

        return digits.Length == 0 ? null : new PhoneNumber(digits, international);
    }

    /// <summary>True when this number is exactly <paramref name="other"/>.</summary>
    public bool IsExactly(PhoneNumber other) => Digits == other.Digits;

    /// <summary>True when this number and <paramref name="other"/> are the same line under the rules above.</summary>
    public bool Matches(PhoneNumber other)
    {
        if (IsExactly(other))
        {
            return true;
        }

        // Only a number written without its country code may stand for a longer one (so two international numbers never do).
        var (shorter, longer) = Digits.Length < other.Digits.Length ? (this, other) : (other, this);
        return !shorter.International
            && shorter.Digits.Length >= MinimumSuffixDigits
            && longer.Digits.EndsWith(shorter.Digits, StringComparison.Ordinal);
    }
}
