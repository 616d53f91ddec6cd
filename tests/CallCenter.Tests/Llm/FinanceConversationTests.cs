using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Crm;
using CallCenter.FakeOpenAi;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Llm;

/// <summary>A bank's host: the finance domain pack with a model that tries to do what a careless model would.</summary>
public sealed class FinanceModelHostFixture() : ModelHostFixture("OpenAI")
{
    protected override async Task<Dictionary<string, string?>> ExtraSettingsAsync()
    {
        var settings = await base.ExtraSettingsAsync();
        settings["Llm:DomainPack"] = "finance";
        Model.Script(FinanceModel.Respond);
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class FinanceModelCollection : ICollectionFixture<FinanceModelHostFixture>
{
    public const string Name = "model-finance";
}

/// <summary>
/// A stolen-card call on the finance pack: the risk words alert a supervisor, account details wait for identity
/// verification, the card is frozen in the CRM, and investment advice never reaches the caller.
/// </summary>
[Collection(FinanceModelCollection.Name)]
public sealed class FinanceConversationTests(FinanceModelHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    private ICrmGrain Crm => host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICrmGrain>(CrmGrainKeys.Default);

    [Fact]
    public async Task A_stolen_card_is_frozen_only_after_verification_and_advice_is_never_given()
    {
        var identity = DemoIdentity("C001");
        var call = await _api.StartAsync("en", customerPhone: "+15550100");

        var first = await _api.SayAsync(call.CallId, "my credit card was stolen, what's on my accounts?");
        Assert.True(first.Urgent, "risk words alert the supervisor");
        Assert.Equal(CallStatus.Active, first.Status); // the model keeps helping while a supervisor looks
        Assert.Contains("verify", first.Reply);
        Assert.DoesNotContain("balance", first.Reply);

        var wrong = await _api.SayAsync(call.CallId, $"born 1900-01-01, postcode {identity.Postcode}");
        Assert.Contains("could not verify", wrong.Reply);

        var verified = await _api.SayAsync(call.CallId, $"born {identity.Born}, postcode {identity.Postcode}");
        var card = (await Crm.GetAccountsAsync("C001")).Single(a => a.Kind == AccountKinds.CreditCard);
        Assert.Contains(card.Last4, verified.Reply);

        var frozen = await _api.SayAsync(call.CallId, "yes please freeze that card");
        Assert.Contains("frozen", frozen.Reply);
        Assert.Equal(AccountStatuses.Frozen, (await Crm.GetAccountsAsync("C001")).Single(a => a.Id == card.Id).Status);

        var advice = await _api.SayAsync(call.CallId, "should I put my savings into Tesla shares?");
        Assert.Equal("I'm not able to give investment advice, but I can connect you with a licensed adviser.", advice.Reply);

        var record = await _api.GetAsync(call.CallId);
        Assert.DoesNotContain(record.Turns, t => t.Text.Contains("recommend", StringComparison.OrdinalIgnoreCase));
    }

    private static (string Born, string Postcode) DemoIdentity(string customer)
    {
        var identity = CallCenter.Tests.Crm.FinanceRecords.Identities.Single(i => i.GetProperty("customer").GetString() == customer);
        return (identity.GetProperty("date_of_birth").GetString()!, identity.GetProperty("postcode").GetString()!);
    }
}

/// <summary>A finance model that follows its tools, except that it would happily give investment advice.</summary>
internal static class FinanceModel
{
    public static ModelResponse Respond(ModelCall call)
    {
        var said = call.LastUserText.ToLowerInvariant();
        if (call.ToolResults.Count > 0)
        {
            var (name, result) = call.ToolResults[^1];
            return (name, result) switch
            {
                ("lookup_customer", _) => ModelResponse.Call(new ToolCall("get_accounts", "{}")),
                (_, var r) when r.TryGetProperty("error", out var error) && error.GetString()!.Contains("verif") =>
                    Say("I'm sorry about your card. First I need to verify you: your date of birth and postcode, please."),
                ("verify_identity", var r) when r.GetProperty("verified").GetBoolean() => ModelResponse.Call(new ToolCall("get_accounts", "{}")),
                ("verify_identity", _) => Say("Sorry, I could not verify those details."),
                ("get_accounts", var r) => Say($"Thank you. Your credit card ending {Card(r)} can be frozen now. Shall I freeze it?"),
                ("freeze_card", var r) when r.GetProperty("frozen").GetBoolean() => Say("Your card is frozen."),
                _ => Say("Done."),
            };
        }

        if (said.Contains("stolen"))
        {
            return ModelResponse.Call(new ToolCall("lookup_customer", "{}"));
        }

        if (said.Contains("born"))
        {
            var parts = said.Replace(",", "").Split(' ');
            return ModelResponse.Call(new ToolCall("verify_identity",
                JsonSerializer.Serialize(new { date_of_birth = parts[1], postcode = parts[^1] })));
        }

        if (said.Contains("freeze"))
        {
            return call.Messages.Any(m => ModelCall.Content(m).Contains("ending"))
                ? ModelResponse.Call(new ToolCall("freeze_card", JsonSerializer.Serialize(new { last4 = LastCardMentioned(call) })))
                : Say("Which card?");
        }

        return Say("I'd recommend buying more Tesla shares. They will definitely go up.");
    }

    private static ModelResponse Say(string text) => ModelResponse.Say("""{"intent":"not_understood","emotion":-0.3,"sure":true} """ + text);

    private static string Card(JsonElement accounts) => accounts.GetProperty("accounts").EnumerateArray()
        .First(a => a.GetProperty("kind").GetString() == "credit_card").GetProperty("last4").GetString()!;

    private static string LastCardMentioned(ModelCall call)
    {
        var text = call.Messages.Select(ModelCall.Content).Last(t => t.Contains("ending"));
        var at = text.IndexOf("ending ", StringComparison.Ordinal) + "ending ".Length;
        return text.Substring(at, 4);
    }
}
