using CallCenter.Calls;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// Keypad input on a voice call: digits build an order number, ended by '#'; '0' on its own asks for a person; '*'
/// starts over. The result is the sentence the caller would have said, so it goes through the same brain as speech.
/// </summary>
public sealed class DtmfCollector(string orderPrefix = "A", int maxDigits = 12)
{
    private readonly System.Text.StringBuilder _digits = new();

    /// <summary>The caller's turn once the keys make one; null while digits are still being collected.</summary>
    public string? Add(char key, Language language)
    {
        switch (key)
        {
            case '0' when _digits.Length == 0:
                return language == Language.Zh ? "转人工" : "I want to talk to a person";
            case '#':
                if (_digits.Length == 0)
                {
                    return null;
                }

                var order = orderPrefix + _digits;
                _digits.Clear();
                return language == Language.Zh ? $"订单号是{order}" : $"my order number is {order}";
            case '*':
                _digits.Clear();
                return null;
            case >= '0' and <= '9':
                if (_digits.Length < maxDigits)
                {
                    _digits.Append(key);
                }

                return null;
            default:
                throw new ArgumentException($"'{key}' is not a keypad key (0-9, *, #).", nameof(key));
        }
    }
}
