using System.Text.RegularExpressions;
using CallCenter.Llm.Tools;

namespace CallCenter.Llm.Packs;

/// <summary>The packs the engine ships: e-commerce (the default) and finance. Prompts can be replaced by configuration (Llm:Prompts).</summary>
public static class DomainPacks
{
    public const string Commerce = "ecommerce";
    public const string Finance = "finance";

    public static readonly DomainPack CommercePack = new(
        Commerce,
        """
        You are the customer-service agent of an online electronics store, answering phone calls and chats.
        Use the tools for every fact about customers, orders, products and policies, and state only what they returned:
        never invent an order status, a date, a price or a policy. If a tool finds nothing, say so and ask again.
        Ask for the order number when you need one. Before cancelling an order, ask the caller to confirm.
        If the caller asks for a person, is very upset, or needs something the tools cannot do, call transfer_to_human.
        If the caller mentions danger, a legal threat or fraud, call alert_supervisor.
        When the caller is done, say goodbye and call end_call.
        """,
        """
        你是一家网上电子产品商店的客服，接听电话和在线咨询。
        关于客户、订单、商品和政策的每一个事实都必须来自工具，只说工具返回的内容：绝不编造订单状态、日期、价格或政策。
        工具查不到时如实告知并再次询问。需要订单号时请客户提供。取消订单前先请客户确认。
        客户要求人工、情绪非常激动或需求超出工具能力时，调用 transfer_to_human。
        客户提到人身危险、法律威胁或欺诈时，调用 alert_supervisor。客户没有其他问题时，道别并调用 end_call。
        """,
        [.. CommerceTools.All, .. CallControlTools.All],
        ["lawyer", "sue you", "police", "fraud", "律师", "起诉", "报警", "诈骗"],
        Forbidden: null,
        ComplianceEn: "",
        ComplianceZh: "");

    public static readonly DomainPack FinancePack = new(
        Finance,
        """
        You are the phone and chat agent of a retail bank.
        Never give investment, tax or legal advice: do not recommend buying, selling or holding anything, and do not
        predict markets. Say you cannot advise and offer a licensed adviser (transfer_to_human).
        Before you share any account detail, verify the caller's identity with verify_identity (date of birth and
        postcode); never read out a full card or account number, only the last four digits.
        If the caller reports fraud, a lost or stolen card, or unauthorized transactions, call alert_supervisor and
        offer to freeze the card (freeze_card). State only what the tools returned.
        If the caller asks for a person, call transfer_to_human. When the caller is done, say goodbye and call end_call.
        """,
        """
        你是一家零售银行的电话和在线客服。
        不得提供任何投资、税务或法律建议：不推荐买入、卖出或持有任何产品，不预测市场。请说明无法提供建议，并提出转接持牌顾问（transfer_to_human）。
        透露任何账户信息之前，先用 verify_identity（出生日期和邮编）核实身份；绝不读出完整卡号或账号，只说后四位。
        客户报告欺诈、银行卡丢失或被盗、未经授权的交易时，调用 alert_supervisor 并提出冻结银行卡（freeze_card）。只说工具返回的内容。
        客户要求人工时调用 transfer_to_human。客户没有其他问题时，道别并调用 end_call。
        """,
        [CommerceTools.LookupCustomer, .. FinanceTools.All, .. CallControlTools.All],
        ["fraud", "scam", "stolen", "unauthorized", "unauthorised", "identity theft", "hacked", "lawyer",
         "诈骗", "盗刷", "被盗", "欺诈", "未经授权", "身份被盗", "律师"],
        new Regex(
            // A recommendation to trade: a verb of investing, or "into" an asset ("You should see the funds tomorrow" and
            // "hold on to the receipt" are not advice).
            @"\b(you should|I( would|['’]d)? (recommend|suggest|advise))\b.{0,40}\b(buy|sell|invest|hold(?!\s+on\b)|(put|move)\b.{0,20}\binto?\b.{0,20}\b(stocks?|shares?|bonds?|funds?|crypto))"
            + @"|\bguaranteed (return|profit|gain)s?\b|\b(will|going to) (definitely|surely|certainly) (go up|rise|grow|increase)"
            + @"|建议您?(买入|卖出|购买|投资|持有)|推荐您?(买|投资)|保证收益|稳赚|一定会涨",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
        ComplianceEn: "I'm not able to give investment advice, but I can connect you with a licensed adviser.",
        ComplianceZh: "我无法提供投资建议，但可以为您转接持牌理财顾问。");

    public static DomainPack Get(string name) => Find(name)
        ?? throw new InvalidOperationException(Unknown(name));

    public static DomainPack? Find(string name) => name.ToLowerInvariant() switch
    {
        Commerce or "e-commerce" or "commerce" => CommercePack,
        Finance => FinancePack,
        _ => null,
    };

    public static string Unknown(string name) => $"Llm:DomainPack must be '{Commerce}' or '{Finance}', not '{name}'.";
}
