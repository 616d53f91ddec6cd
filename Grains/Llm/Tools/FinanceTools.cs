using System.Globalization;
using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Llm.Tools;

/// <summary>
/// The finance tools. Account details only after the caller's identity was verified in this call; verification says
/// only "verified" or "not verified" (never which answer was wrong) and stops after <see cref="MaxIdentityAttempts"/>
/// failures, so a caller cannot guess the factors one at a time.
/// </summary>
public static class FinanceTools
{
    public const int MaxIdentityAttempts = 3;

    /// <summary>The longest card number as read out, with spaces or dashes between its groups.</summary>
    private const int CardNumberLength = 24;

    public static readonly ModelTool VerifyIdentity = new(
        "verify_identity",
        "Verify the caller's identity with their date of birth and postcode before sharing any account detail.",
        [new("date_of_birth", "string", "Date of birth as YYYY-MM-DD."), new("postcode", "string", "Postcode or ZIP code.", MaxLength: 20)],
        async (args, context) =>
        {
            if (context.Facts.IdentityVerified)
            {
                return new { verified = true };
            }

            if (context.Facts.CustomerId is not { } customer)
            {
                return new { error = "The caller is not identified: call lookup_customer first." };
            }

            if (context.Facts.IdentityFailures >= MaxIdentityAttempts)
            {
                return new { error = "Too many failed attempts: do not try again; offer to transfer the caller to a person (transfer_to_human)." };
            }

            if (!DateOnly.TryParseExact(args.String("date_of_birth"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
            {
                return new { error = "date_of_birth must be YYYY-MM-DD, e.g. 1985-04-12." };
            }

            var check = await context.Crm.VerifyIdentityAsync(customer, born, args.String("postcode"));
            context.CallerSpecific = true;
            context.Act(new CallAction(check.Verified ? CallActionKind.IdentityVerified : CallActionKind.IdentityFailed));
            return new { verified = check.Verified, attempts_left = check.Verified ? MaxIdentityAttempts : MaxIdentityAttempts - context.Facts.IdentityFailures };
        });

    public static readonly ModelTool GetAccounts = new(
        "get_accounts",
        "The verified caller's accounts: kind, last four digits, balance, status and recent transactions.",
        [],
        async (_, context) =>
        {
            if (Refusal(context) is { } refusal)
            {
                return refusal;
            }

            var accounts = await context.Crm.GetAccountsAsync(context.Facts.CustomerId!);
            context.CallerSpecific = true;
            return new
            {
                accounts = accounts.Select(a => new
                {
                    kind = a.Kind, last4 = a.Last4, balance = a.Balance, currency = a.Currency, status = a.Status,
                    recent = a.Recent.Take(5).Select(t => new { date = t.Date, description = t.Description, amount = t.Amount }),
                }),
            };
        });

    public static readonly ModelTool FreezeCard = new(
        "freeze_card",
        "Freeze the verified caller's card, by its last four digits, when it is lost or stolen or used without permission.",
        [new("last4", "string", "The card's last four digits, or the placeholder of the card number the caller gave (its last four digits are used).", MaxLength: CardNumberLength)],
        async (args, context) =>
        {
            if (Refusal(context) is { } refusal)
            {
                return refusal;
            }

            // Four digits, or a whole card number the caller read out (it reached this tool through its placeholder).
            var digits = new string(args.String("last4").Where(char.IsAsciiDigit).ToArray());
            if (digits.Length < 4)
            {
                return new { error = "last4 must be the card's last four digits." };
            }

            var last4 = digits[^4..];
            var account = (await context.Crm.GetAccountsAsync(context.Facts.CustomerId!)).FirstOrDefault(a => a.Last4 == last4);
            if (account is null)
            {
                return new { error = $"The caller has no account ending in {last4}." };
            }

            var outcome = await context.Crm.FreezeCardAsync(account.Id);
            context.CallerSpecific = true;
            return new { frozen = outcome.Frozen, refusal = outcome.Refusal == CrmRefusal.None ? null : outcome.Refusal.ToString(), status = outcome.Status };
        });

    public static readonly ModelTool[] All = [VerifyIdentity, GetAccounts, FreezeCard];

    private static object? Refusal(ToolContext context) => context.Facts switch
    {
        { CustomerId: null } => new { error = "The caller is not identified: call lookup_customer first." },
        { IdentityVerified: false } => new { error = "Identity not verified: call verify_identity before sharing account details." },
        _ => null,
    };
}
