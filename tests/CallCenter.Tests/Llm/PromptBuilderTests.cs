using CallCenter.Calls;
using CallCenter.Llm;
using CallCenter.Llm.Packs;

namespace CallCenter.Tests.Llm;

/// <summary>The system message of a model turn: instructions, reply format, language and the call's facts.</summary>
public sealed class PromptBuilderTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static readonly CallFacts Unknown = new(CallChannel.Voice, null, null, null, false, null);

    private static string System(Language language = Language.En, CallFacts? facts = null, LlmOptions? options = null, DomainPack? pack = null) =>
        PromptBuilder.System(pack ?? DomainPacks.CommercePack, options ?? new LlmOptions(), language, facts ?? Unknown, Today);

    [Fact]
    public void The_pack_prompt_comes_first_then_the_reply_format()
    {
        var prompt = System();
        Assert.StartsWith(DomainPacks.CommercePack.PromptEn.Trim(), prompt);
        Assert.Contains("Reply format: start every reply with [sure] or [unsure]", prompt);
        Assert.Contains("""[sure] Your order A1001 has shipped. {"intent":"order_status","emotion":-0.2}""", prompt);
        Assert.Contains("order_status, return_request, cancel_order", prompt);
        Assert.Contains("human_agent", prompt);
        Assert.Contains("Today is 2026-11-25. Channel: voice.", prompt);
    }

    [Fact]
    public void The_reply_language_follows_the_caller()
    {
        var zh = System(Language.Zh);
        Assert.Contains("Answer in Simplified Chinese", zh);
        Assert.StartsWith(DomainPacks.CommercePack.PromptZh.Trim(), zh);
        Assert.DoesNotContain("Answer in English", zh);

        var en = System(Language.En);
        Assert.Contains("Answer in English", en);
        Assert.DoesNotContain("Simplified Chinese", en);
    }

    [Fact]
    public void A_known_customer_and_the_order_in_focus_are_stated()
    {
        var prompt = System(facts: Unknown with { CustomerId = "C001", CustomerName = "Alice Chen", FocusOrderId = "A1001" });
        Assert.Contains("The caller is Alice Chen (customer C001).", prompt);
        Assert.Contains("The order being discussed is A1001.", prompt);
        Assert.DoesNotContain("not identified", prompt);
    }

    [Fact]
    public void An_unknown_caller_with_a_number_is_pointed_to_lookup_customer()
    {
        var prompt = System(facts: Unknown with { CallerPhone = "+15550100" });
        Assert.Contains("not identified yet; lookup_customer", prompt);
        Assert.DoesNotContain("+15550100", prompt);
        Assert.DoesNotContain("The order being discussed", prompt);
    }

    [Fact]
    public void Verification_is_stated_only_once_it_happened()
    {
        Assert.DoesNotContain("identity has been verified", System(pack: DomainPacks.FinancePack, facts: Unknown with { CustomerId = "C001" }));
        Assert.Contains("identity has been verified", System(pack: DomainPacks.FinancePack, facts: Unknown with { CustomerId = "C001", IdentityVerified = true }));
    }

    [Fact]
    public void A_configured_prompt_replaces_the_packs_and_keeps_the_rules()
    {
        var options = new LlmOptions { Prompts = { ["En"] = "You are Max, the agent of Contoso Outdoor." } };

        var en = System(options: options);
        Assert.StartsWith("You are Max, the agent of Contoso Outdoor.", en);
        Assert.DoesNotContain(DomainPacks.CommercePack.PromptEn.Trim(), en);
        Assert.Contains("Reply format:", en);
        Assert.Contains("Answer in English", en);

        // Only the language it was configured for.
        Assert.StartsWith(DomainPacks.CommercePack.PromptZh.Trim(), System(Language.Zh, options: options));
    }

    [Fact]
    public void A_blank_configured_prompt_keeps_the_packs()
    {
        var options = new LlmOptions { Prompts = { ["En"] = "  " } };
        Assert.StartsWith(DomainPacks.CommercePack.PromptEn.Trim(), System(options: options));
    }

    [Theory]
    [InlineData("OrderStatus", "order_status")]
    [InlineData("NotUnderstood", "not_understood")]
    [InlineData("Thanks", "thanks")]
    public void Intents_are_named_in_snake_case(string pascal, string snake) => Assert.Equal(snake, PromptBuilder.Snake(pascal));
}
