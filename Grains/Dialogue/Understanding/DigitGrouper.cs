namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Joins digit groups that are one number written with spaces or dashes ("+1 555-0101", "138 0000 0001", "1 0 0 1").
/// Commas and sentence ends keep numbers apart, so a list of order numbers is not read as one phone number.
/// </summary>
internal sealed class DigitGrouper
{
    public List<Token> Group(List<Token> tokens)
    {
        var output = new List<Token>(tokens.Count);
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Number && output.Count > 0 && CanJoin(output[^1], t))
            {
                var previous = output[^1];
                output[^1] = previous with { Text = previous.Text + t.Text, SpokenIn = previous.SpokenIn ?? t.SpokenIn };
                continue;
            }
            output.Add(t);
        }
        return output;
    }

    private static bool CanJoin(Token previous, Token next) =>
        previous.Kind == TokenKind.Number
        && next.Gap <= TokenGap.Space
        && !previous.Text.Contains('.') && !next.Text.Contains('.')
        && next.Text[0] != '+';
}
