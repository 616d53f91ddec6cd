using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Finds order numbers: one letter and four digits, however they were written or read out ("A1001", "a 1 0 0 1",
/// "A一零零一", "order one zero zero one", "订单1001"). Four digits without a letter get the store's default prefix.
/// Runs after the contact extractor, so digits already claimed by a phone number are not considered.
/// </summary>
internal sealed class OrderNumberExtractor(string defaultPrefix)
{
    private readonly string _defaultPrefix = defaultPrefix.ToUpperInvariant();

    public void Extract(List<Token> tokens, List<Entity> entities)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Role != TokenRole.None) continue;
            if (t.Kind == TokenKind.Word && t.Text.Length == 5 && CharClass.IsAsciiLetter(t.Text[0]) && CharClass.AllAsciiDigits(t.Text[1..]))
            {
                tokens[i] = t with { Role = TokenRole.OrderNumber };
                Add(entities, t.Text.ToUpperInvariant());
                continue;
            }
            if (t.Kind != TokenKind.Number || t.Text.Length != 4 || !CharClass.AllAsciiDigits(t.Text) || QuantityContext.IsQuantity(tokens, i)) continue;
            var prefix = _defaultPrefix;
            if (i > 0 && tokens[i - 1] is { Kind: TokenKind.Word, Role: TokenRole.None, Text.Length: 1 } letter
                && CharClass.IsAsciiLetter(letter.Text[0]) && t.Gap <= TokenGap.Space)
            {
                prefix = letter.Text.ToUpperInvariant();
                tokens[i - 1] = letter with { Role = TokenRole.OrderNumber };
            }
            tokens[i] = t with { Role = TokenRole.OrderNumber };
            Add(entities, prefix + t.Text);
        }
    }

    private static void Add(List<Entity> entities, string value)
    {
        foreach (var e in entities) if (e.Type == EntityTypes.OrderNumber && e.Value == value) return;
        entities.Add(new Entity(EntityTypes.OrderNumber, value));
    }
}
