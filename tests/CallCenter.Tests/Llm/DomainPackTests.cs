using CallCenter.Calls;
using CallCenter.Llm.Packs;

namespace CallCenter.Tests.Llm;

/// <summary>The shipped packs: found by name, their tools, the finance compliance filter and the risk words.</summary>
public sealed class DomainPackTests
{
    private static readonly DomainPack Finance = DomainPacks.Get("finance");
    private static readonly DomainPack Commerce = DomainPacks.Get("ecommerce");

    [Theory]
    [InlineData("ecommerce", DomainPacks.Commerce)]
    [InlineData("E-Commerce", DomainPacks.Commerce)]
    [InlineData("commerce", DomainPacks.Commerce)]
    [InlineData("finance", DomainPacks.Finance)]
    [InlineData("FINANCE", DomainPacks.Finance)]
    public void Packs_are_found_by_name_whatever_the_case(string name, string expected) =>
        Assert.Equal(expected, DomainPacks.Get(name).Name);

    [Fact]
    public void An_unknown_pack_names_the_ones_there_are()
    {
        Assert.Null(DomainPacks.Find("insurance"));
        var error = Assert.Throws<InvalidOperationException>(() => DomainPacks.Get("insurance"));
        Assert.Equal("Llm:DomainPack must be 'ecommerce' or 'finance', not 'insurance'.", error.Message);
    }

    [Fact]
    public void The_finance_pack_has_the_bank_tools_and_not_the_store_ones()
    {
        var tools = Finance.Tools.Select(t => t.Name).ToArray();
        Assert.Equal(
            ["lookup_customer", "verify_identity", "get_accounts", "freeze_card", "transfer_to_human", "alert_supervisor", "end_call"],
            tools);
        Assert.DoesNotContain("cancel_order", tools);
    }

    [Fact]
    public void The_commerce_pack_has_the_store_tools_and_not_the_bank_ones()
    {
        var tools = Commerce.Tools.Select(t => t.Name).ToArray();
        Assert.Equal(
            ["lookup_customer", "get_order_status", "start_return", "cancel_order", "product_info", "policy_answer", "transfer_to_human", "alert_supervisor", "end_call"],
            tools);
    }

    [Fact]
    public void Each_pack_has_a_prompt_per_language()
    {
        Assert.Contains("bank", Finance.Prompt(Language.En));
        Assert.Contains("银行", Finance.Prompt(Language.Zh));
        Assert.Contains("store", Commerce.Prompt(Language.En));
        Assert.Contains("商店", Commerce.Prompt(Language.Zh));
    }

    [Theory]
    [InlineData("I'd recommend buying more Tesla shares.")]
    [InlineData("I’d recommend buying more Tesla shares.")]
    [InlineData("I would suggest you sell your stocks before Friday.")]
    [InlineData("I recommend investing in an index fund.")]
    [InlineData("You should invest in bonds now.")]
    [InlineData("You should definitely buy crypto.")]
    [InlineData("This fund has guaranteed returns.")]
    [InlineData("The stock will definitely go up next month.")]
    public void Investment_advice_in_english_is_replaced_by_the_compliance_line(string sentence)
    {
        Assert.Equal(Finance.ComplianceEn, Finance.Comply(sentence, Language.En));
        Assert.Contains("investment advice", Finance.ComplianceEn);
    }

    [Theory]
    [InlineData("建议您买入这只股票。")]
    [InlineData("建议卖出这只基金。")]
    [InlineData("这个产品保证收益。")]
    [InlineData("推荐您投资黄金。")]
    [InlineData("这只股票一定会涨。")]
    public void Investment_advice_in_chinese_is_replaced_by_the_chinese_compliance_line(string sentence)
    {
        Assert.Equal(Finance.ComplianceZh, Finance.Comply(sentence, Language.Zh));
        Assert.Contains("投资建议", Finance.ComplianceZh);
    }

    [Theory]
    [InlineData("Your balance is 1,250 dollars.")]
    [InlineData("Your card ending 4821 is frozen.")]
    [InlineData("Please hold while I check that.")]
    [InlineData("I recommend that you freeze the card right away.")]
    [InlineData("You should receive the new card within five business days.")]
    [InlineData("You should see the funds in your account tomorrow.")]
    [InlineData("I'd suggest you hold on to the receipt.")]
    [InlineData("Your last payment of 250 dollars was received on November 15.")]
    [InlineData("我无法提供投资建议。")]
    [InlineData("您的账户余额是15820.50元。")]
    [InlineData("尾号5521的信用卡已冻结。")]
    public void Ordinary_banking_sentences_are_said_as_they_are(string sentence)
    {
        Assert.Equal(sentence, Finance.Comply(sentence, Language.En));
        Assert.Equal(sentence, Finance.Comply(sentence, Language.Zh));
    }

    [Theory]
    [InlineData("You should invest in the extended warranty.")]
    [InlineData("建议您购买这款耳机。")]
    [InlineData("I'd recommend buying the Pro earbuds.")]
    public void The_commerce_pack_never_changes_a_sentence(string sentence)
    {
        Assert.Equal(sentence, Commerce.Comply(sentence, Language.En));
        Assert.Equal(sentence, Commerce.Comply(sentence, Language.Zh));
    }

    [Theory]
    [InlineData("my card was stolen", "stolen")]
    [InlineData("There's an UNAUTHORIZED charge on my account", "unauthorized")]
    [InlineData("I think this is a scam", "scam")]
    [InlineData("有人盗刷我的卡", "盗刷")]
    [InlineData("我的身份被盗了", "被盗")]
    public void Risk_words_are_found_in_what_the_caller_says(string said, string risk) =>
        Assert.Equal(risk, Finance.RiskIn(said));

    [Theory]
    [InlineData("What's my balance?")]
    [InlineData("我想查一下余额")]
    [InlineData("Please freeze my card, I can't find it.")]
    public void Ordinary_requests_carry_no_risk(string said) => Assert.Null(Finance.RiskIn(said));

    [Fact]
    public void The_commerce_pack_alerts_on_legal_threats_and_fraud()
    {
        Assert.Equal("lawyer", Commerce.RiskIn("I'm calling my lawyer"));
        Assert.Equal("报警", Commerce.RiskIn("我要报警"));
        Assert.Null(Commerce.RiskIn("my card was stolen"));
    }
}
