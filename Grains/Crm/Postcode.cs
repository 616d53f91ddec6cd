using System.Text;

namespace CallCenter.Crm;

/// <summary>
/// A postcode reduced to the form two spellings of the same code share: no white space, upper case
/// ("m5v3l9" and "M5V 3L9" are one code). Compatibility forms are folded first, because Chinese input methods
/// type full-width digits ("２０００３１" is 200031).
/// </summary>
internal static class Postcode
{
    public static string Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                key.Append(char.ToUpperInvariant(c));
            }
        }

        return key.ToString();
    }
}
