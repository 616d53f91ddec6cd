using CallCenter.Calls;

namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Finds phone numbers and e-mail addresses. A phone number is one digit group of 7 to 15 digits (E.164 allows 15),
/// which is what keeps four-digit order numbers and prices out.
/// </summary>
internal sealed class ContactExtractor
{
    public void Extract(List<Token> tokens, List<Entity> entities)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Role != TokenRole.None) continue;
            if (t.Kind == TokenKind.Email)
            {
                tokens[i] = t with { Role = TokenRole.Email };
                entities.Add(new Entity(EntityTypes.Email, t.Text));
                continue;
            }
            if (t.Kind != TokenKind.Number) continue;
            var digits = CharClass.CountDigits(t.Text);
            if (digits is < 7 or > 15 || QuantityContext.IsQuantity(tokens, i)) continue;
            tokens[i] = t with { Role = TokenRole.Phone };
            entities.Add(new Entity(EntityTypes.Phone, t.Text));
        }
    }
}
