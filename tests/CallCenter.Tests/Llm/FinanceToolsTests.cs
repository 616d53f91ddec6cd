using System.Text.Json;
using CallCenter.Crm;
using CallCenter.Llm;
using CallCenter.Llm.Tools;
using CallCenter.Tests.Crm;
using CallCenter.Tests.Dialogue;

namespace CallCenter.Tests.Llm;

/// <summary>The finance tools against the demo CRM: nothing about an account before the caller's identity is verified.</summary>
public sealed class FinanceToolsTests : IAsyncLifetime
{
    private const string Customer = "C001";

    private readonly BrainHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>The customer's identity factors as finance-demo.json records them.</summary>
    private static (string DateOfBirth, string Postcode) Factors(string customer)
    {
        var identity = FinanceRecords.Identities.Single(i => i.Text("customer") == customer);
        return (identity.Text("date_of_birth"), identity.Text("postcode"));
    }

    private static string Arguments(string dateOfBirth, string postcode) =>
        JsonSerializer.Serialize(new { date_of_birth = dateOfBirth, postcode });

    private ToolContext Context(string? customer = Customer, bool verified = false) =>
        ToolRun.Context(_harness.Crm, ToolRun.Facts(customer, verified));

    /// <summary>The customer's credit card as the CRM has it (the card freeze_card acts on).</summary>
    private async Task<Account> CardAsync(string customer = Customer) =>
        (await _harness.Crm.GetAccountsAsync(customer)).First(a => a.Kind == AccountKinds.CreditCard);

    [Fact]
    public async Task Account_tools_refuse_before_the_identity_is_verified()
    {
        var context = Context();
        var card = await CardAsync();

        var accounts = await context.RunAsync(FinanceTools.GetAccounts);
        var freeze = await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = card.Last4 }));

        Assert.Contains("verify_identity", accounts.Error());
        Assert.Contains("verify_identity", freeze.Error());
        Assert.DoesNotContain(card.Last4, accounts.GetRawText());
        Assert.Equal(AccountStatuses.Active, (await CardAsync()).Status);
        Assert.Empty(context.Actions);
        Assert.False(context.CallerSpecific);
    }

    [Fact]
    public async Task An_unidentified_caller_is_asked_to_be_looked_up_first()
    {
        var context = Context(customer: null);
        var (born, postcode) = Factors(Customer);

        Assert.Contains("lookup_customer", (await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, postcode))).Error());
        Assert.Contains("lookup_customer", (await context.RunAsync(FinanceTools.GetAccounts)).Error());
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task The_right_factors_verify_the_caller_and_open_the_accounts()
    {
        var context = Context();
        var (born, postcode) = Factors(Customer);

        var result = await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, postcode));

        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(new CallAction(CallActionKind.IdentityVerified), Assert.Single(context.Actions));
        Assert.True(context.Facts.IdentityVerified);

        var accounts = (await context.RunAsync(FinanceTools.GetAccounts)).GetProperty("accounts").EnumerateArray().ToArray();
        var expected = FinanceRecords.Accounts.Where(a => a.Text("customer") == Customer).ToArray();
        Assert.Equal(expected.Select(a => a.Text("last4")), accounts.Select(a => a.GetProperty("last4").GetString()));
        Assert.All(accounts, a => Assert.InRange(a.GetProperty("recent").GetArrayLength(), 1, 5));
        Assert.All(accounts, a => Assert.False(a.TryGetProperty("id", out _))); // only the last four digits leave the CRM
        Assert.True(context.CallerSpecific);
    }

    [Fact]
    public async Task Wrong_factors_fail_without_saying_which_one_was_wrong()
    {
        var context = Context();
        var (born, postcode) = Factors(Customer);

        var wrongPostcode = await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, "00000"));
        var wrongBirth = await context.RunAsync(FinanceTools.VerifyIdentity, Arguments("1970-01-01", postcode));

        Assert.False(wrongPostcode.GetProperty("verified").GetBoolean());
        Assert.False(wrongBirth.GetProperty("verified").GetBoolean());
        Assert.Equal(2, wrongPostcode.GetProperty("attempts_left").GetInt32());
        Assert.Equal(1, wrongBirth.GetProperty("attempts_left").GetInt32());

        // Both failures read the same: nothing tells the caller which factor to change.
        Assert.Equal(["verified", "attempts_left"], wrongPostcode.EnumerateObject().Select(p => p.Name));
        foreach (var text in new[] { wrongPostcode.GetRawText(), wrongBirth.GetRawText() })
        {
            Assert.DoesNotContain("postcode", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("birth", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("mismatch", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(born, text);
            Assert.DoesNotContain(postcode, text);
        }

        Assert.Equal([CallActionKind.IdentityFailed, CallActionKind.IdentityFailed], context.Actions.Select(a => a.Kind));
        Assert.False(context.Facts.IdentityVerified);
        Assert.Equal(2, context.Facts.IdentityFailures);
        Assert.Contains("verify_identity", (await context.RunAsync(FinanceTools.GetAccounts)).Error());
    }

    [Fact]
    public async Task After_three_failures_it_refuses_to_try_again_even_with_the_right_factors()
    {
        var context = Context();
        var (born, postcode) = Factors(Customer);
        for (var i = 0; i < FinanceTools.MaxIdentityAttempts; i++)
        {
            Assert.False((await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, "99999"))).GetProperty("verified").GetBoolean());
        }

        var again = await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, postcode));

        Assert.Contains("Too many failed attempts", again.Error());
        Assert.Contains("transfer_to_human", again.Error());
        Assert.False(again.TryGetProperty("verified", out _));
        Assert.Equal(FinanceTools.MaxIdentityAttempts, context.Actions.Count);
        Assert.False(context.Facts.IdentityVerified);
    }

    [Fact]
    public async Task The_limit_holds_across_turns_of_the_call()
    {
        // A later turn gets a fresh tool context from the call's facts, failures included.
        var (born, postcode) = Factors(Customer);
        var context = ToolRun.Context(_harness.Crm, ToolRun.Facts(Customer) with { IdentityFailures = FinanceTools.MaxIdentityAttempts });

        Assert.Contains("Too many failed attempts", (await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, postcode))).Error());
        Assert.Empty(context.Actions);
    }

    [Fact]
    public async Task A_date_of_birth_in_another_format_is_sent_back_without_costing_an_attempt()
    {
        var context = Context();
        var (_, postcode) = Factors(Customer);

        var result = await context.RunAsync(FinanceTools.VerifyIdentity, Arguments("March 14 1986", postcode));

        Assert.Contains("YYYY-MM-DD", result.Error());
        Assert.Empty(context.Actions);
        Assert.Equal(0, context.Facts.IdentityFailures);
    }

    [Fact]
    public async Task A_verified_caller_can_freeze_their_card_by_its_last_four_digits()
    {
        var context = Context(verified: true);
        var card = await CardAsync();

        var result = await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = card.Last4 }));

        Assert.True(result.GetProperty("frozen").GetBoolean());
        Assert.Equal(AccountStatuses.Frozen, result.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("refusal").ValueKind);
        Assert.Equal(AccountStatuses.Frozen, (await CardAsync()).Status);

        var again = await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = card.Last4 }));
        Assert.False(again.GetProperty("frozen").GetBoolean());
        Assert.Equal(nameof(CrmRefusal.AlreadyFrozen), again.GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task Verifying_then_freezing_in_one_turn_works()
    {
        var context = Context();
        var (born, postcode) = Factors(Customer);
        var card = await CardAsync();

        Assert.True((await context.RunAsync(FinanceTools.VerifyIdentity, Arguments(born, postcode))).GetProperty("verified").GetBoolean());
        Assert.True((await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = card.Last4 }))).GetProperty("frozen").GetBoolean());
        Assert.Equal(AccountStatuses.Frozen, (await CardAsync()).Status);
    }

    [Fact]
    public async Task Another_customers_card_cannot_be_frozen()
    {
        var context = Context(verified: true);
        var someoneElses = await CardAsync("C002");

        var result = await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = someoneElses.Last4 }));

        Assert.Contains($"no account ending in {someoneElses.Last4}", result.Error());
        Assert.Equal(AccountStatuses.Active, (await CardAsync("C002")).Status);
    }

    [Fact]
    public async Task A_checking_account_is_not_a_card()
    {
        var context = Context(verified: true);
        var checking = (await _harness.Crm.GetAccountsAsync(Customer)).First(a => a.Kind == AccountKinds.Checking);

        var result = await context.RunAsync(FinanceTools.FreezeCard, JsonSerializer.Serialize(new { last4 = checking.Last4 }));

        Assert.False(result.GetProperty("frozen").GetBoolean());
        Assert.Equal(nameof(CrmRefusal.NotACard), result.GetProperty("refusal").GetString());
    }
}
