using System.Globalization;
using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Dialogue;

/// <summary>
/// Every sentence the embedded brain says, in English and Simplified Chinese. Facts (dates, prices, carriers,
/// RMA numbers) are always filled from CRM records; nothing here states a fact of its own.
/// </summary>
public static class Replies
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static string Say(Language language, string en, string zh) => language == Language.Zh ? zh : en;

    public static string Greeting(Language language, string? customerName, bool languageKnown) => language == Language.Zh
        ? $"您好{(customerName is null ? "" : "，" + customerName)}！我是智能客服，可以帮您查询订单、办理退货或取消订单，也可以解答商品和政策问题。请问有什么可以帮您？"
        : $"Hi{(customerName is null ? "" : " " + FirstName(customerName))}, thanks for contacting us! I can check your orders, start a return or a cancellation, and answer product and policy questions. How can I help you today?"
          + (languageKnown ? "" : " (您也可以用中文和我交流。)");

    public static string Welcome(Language language) => Say(language,
        "Hello! How can I help you today?",
        "您好！请问有什么可以帮您？");

    public static string CustomerIdentified(Language language, string name) => Say(language,
        $"Thanks, {FirstName(name)}, I found your account. How can I help?",
        $"谢谢，{name}，已找到您的账户。请问有什么可以帮您？");

    public static string CustomerNotFound(Language language) => Say(language,
        "I couldn't find an account with that phone number. You can still give me an order number and I'll look it up.",
        "没有找到这个手机号对应的账户。您也可以直接告诉我订单号，我来帮您查询。");

    public static string AskOrderNumber(Language language, Intent intent) => intent switch
    {
        Intent.ReturnRequest => Say(language, "I can help with that return. What's the order number?", "可以为您办理退货。请问订单号是多少？"),
        Intent.CancelOrder => Say(language, "I can help you cancel. What's the order number?", "可以为您取消订单。请问订单号是多少？"),
        _ => Say(language, "Sure, I can check that. What's your order number?", "好的，我来帮您查询。请问您的订单号是多少？"),
    };

    public static string AskWhichOrder(Language language, IEnumerable<string> orderIds)
    {
        var ids = string.Join(language == Language.Zh ? "、" : ", ", orderIds);
        return Say(language, $"Which order do you mean: {ids}?", $"请问是哪个订单：{ids}？");
    }

    public static string OrderNotFound(Language language, string orderId) => Say(language,
        $"I couldn't find an order with the number {orderId}. Could you check the number and tell me again?",
        $"没有找到订单号为 {orderId} 的订单。请核对后再告诉我一次。");

    public static string OrderStatus(Language language, Order order)
    {
        var items = ItemList(language, order);
        return order.Status switch
        {
            OrderStatuses.Processing => Say(language,
                $"Order {order.Id} ({items}) is being prepared and hasn't shipped yet.{EtaSentence(language, order)}",
                $"订单 {order.Id}（{items}）正在备货，尚未发货。{EtaSentence(language, order)}"),
            OrderStatuses.Shipped => Say(language,
                $"Order {order.Id} ({items}) has shipped with {order.Carrier}, tracking number {order.Tracking}.{EtaSentence(language, order)}",
                $"订单 {order.Id}（{items}）已由{order.Carrier}发出，运单号 {order.Tracking}。{EtaSentence(language, order)}"),
            OrderStatuses.Delayed => Say(language,
                $"Order {order.Id} ({items}) is delayed{(order.Note is null ? "" : ": " + order.Note)}. It's with {order.Carrier}, tracking number {order.Tracking}.{EtaSentence(language, order)}",
                $"订单 {order.Id}（{items}）出现延误{(order.Note is null ? "" : "（" + order.Note + "）")}。承运商为{order.Carrier}，运单号 {order.Tracking}。{EtaSentence(language, order)}"),
            OrderStatuses.Delivered => Say(language,
                $"Order {order.Id} ({items}) was delivered on {Date(language, order.Delivered)}.",
                $"订单 {order.Id}（{items}）已于{Date(language, order.Delivered)}签收。"),
            OrderStatuses.Cancelled => Say(language,
                $"Order {order.Id} ({items}) was cancelled.",
                $"订单 {order.Id}（{items}）已取消。"),
            _ => Say(language, $"Order {order.Id} ({items}) is {order.Status}.", $"订单 {order.Id}（{items}）的状态是：{order.Status}。"),
        };
    }

    public static string ReturnStarted(Language language, Order order, ReturnOutcome outcome) => outcome.AlreadyRequested
        ? Say(language,
            $"A return for order {order.Id} is already open. Your RMA number is {outcome.Rma}.",
            $"订单 {order.Id} 的退货申请已经提交过了，退货授权号是 {outcome.Rma}。")
        : Say(language,
            $"I've started a return for order {order.Id} ({ItemList(language, order)}). Your RMA number is {outcome.Rma}. Please send the item back by {Date(language, outcome.WindowEnds)}; the refund goes to your original payment method once it arrives.",
            $"已为订单 {order.Id}（{ItemList(language, order)}）提交退货申请，退货授权号是 {outcome.Rma}。请在{Date(language, outcome.WindowEnds)}前寄回商品，我们收到后会原路退款。");

    public static string ReturnRefused(Language language, Order order, ReturnOutcome outcome) => outcome.Refusal switch
    {
        CrmRefusal.ReturnWindowExpired => Say(language,
            $"I'm sorry, order {order.Id} was delivered on {Date(language, order.Delivered)}, which is outside our 30-day return window, so I can't start a return for it.",
            $"很抱歉，订单 {order.Id} 于{Date(language, order.Delivered)}签收，已超过30天退货期限，无法办理退货。"),
        CrmRefusal.NotDeliveredYet when order.Status == OrderStatuses.Processing => Say(language,
            $"Order {order.Id} hasn't shipped yet, so there's nothing to return. I can cancel it instead if you like.",
            $"订单 {order.Id} 还没有发货，无需退货。如果需要，我可以帮您取消订单。"),
        CrmRefusal.NotDeliveredYet => Say(language,
            $"Order {order.Id} hasn't been delivered yet. Once it arrives you'll have 30 days to return it.",
            $"订单 {order.Id} 尚未签收。签收后30天内都可以办理退货。"),
        CrmRefusal.OrderCancelled => Say(language,
            $"Order {order.Id} was cancelled, so there's nothing to return.",
            $"订单 {order.Id} 已取消，无需退货。"),
        _ => OrderNotFound(language, order.Id),
    };

    public static string ConfirmCancel(Language language, Order order) => Say(language,
        $"Just to confirm: do you want me to cancel order {order.Id} ({ItemList(language, order)})? Please say yes or no.",
        $"跟您确认一下：要取消订单 {order.Id}（{ItemList(language, order)}）吗？请回复“是”或“不是”。");

    public static string Cancelled(Language language, Order order) => Say(language,
        $"Done. Order {order.Id} is cancelled, and you won't be charged for it.",
        $"已为您取消订单 {order.Id}，不会产生任何费用。");

    public static string CancelRefused(Language language, Order order, CrmRefusal refusal) => refusal switch
    {
        CrmRefusal.AlreadyShipped => Say(language,
            $"I'm sorry, order {order.Id} has already shipped with {order.Carrier}, so it can't be cancelled anymore. Once it's delivered you can return it within 30 days for a full refund.",
            $"很抱歉，订单 {order.Id} 已由{order.Carrier}发出，无法取消。签收后30天内可以办理退货并全额退款。"),
        CrmRefusal.AlreadyDelivered => Say(language,
            $"Order {order.Id} was already delivered, so it can't be cancelled, but I can start a return for it.",
            $"订单 {order.Id} 已经签收，无法取消，但我可以帮您办理退货。"),
        CrmRefusal.AlreadyCancelled => Say(language,
            $"Order {order.Id} is already cancelled.",
            $"订单 {order.Id} 已经取消了。"),
        _ => OrderNotFound(language, order.Id),
    };

    public static string CancelKept(Language language, string orderId) => Say(language,
        $"Okay, I won't cancel order {orderId}. Is there anything else I can help with?",
        $"好的，订单 {orderId} 不会取消。还有其他可以帮您的吗？");

    public static string AskWhichProduct(Language language) => Say(language,
        "Which product would you like to know about?",
        "请问您想了解哪款商品？");

    public static string ChooseProduct(Language language, IEnumerable<Product> products) => language == Language.Zh
        ? $"请问您指的是哪一款：{string.Join("，还是", products.Select(p => p.NameZh))}？"
        : $"Did you mean the {string.Join(" or the ", products.Select(p => p.Name))}?";

    public static string ProductInfo(Language language, Product product)
    {
        var price = Money(language, product.Price, product.Currency);
        return product.Stock switch
        {
            0 => Say(language,
                $"The {product.Name} costs {price}, but it's out of stock right now.",
                $"{product.NameZh}售价{price}，目前暂时缺货。"),
            <= 5 => Say(language,
                $"The {product.Name} costs {price}, and we have only {product.Stock} left in stock.",
                $"{product.NameZh}售价{price}，库存仅剩{product.Stock}件。"),
            _ => Say(language,
                $"The {product.Name} costs {price}, and it's in stock ({product.Stock} available).",
                $"{product.NameZh}售价{price}，有现货（库存{product.Stock}件）。"),
        };
    }

    public static string ProductUnknown(Language language) => Say(language,
        "I couldn't find that product in our catalog. Could you tell me its name again?",
        "在商品目录中没有找到这款商品，能再说一下商品名称吗？");

    public static string AskPolicyTopic(Language language) => Say(language,
        "I can tell you about our returns, shipping, opening hours or warranty. Which would you like to know?",
        "我可以为您介绍退货、配送、服务时间或保修政策，请问您想了解哪一项？");

    public static string Transfer(Language language) => Say(language,
        "Of course. I'm transferring you to a human agent now; they'll see our conversation, so you won't have to repeat yourself.",
        "好的，正在为您转接人工客服，客服会看到我们的对话记录，您无需重复说明。");

    public static string TransferAfterNotUnderstood(Language language) => Say(language,
        "I'm sorry I'm having trouble understanding. Let me transfer you to a human agent who can help.",
        "很抱歉我没能理解您的问题，正在为您转接人工客服。");

    public static string UrgentTransfer(Language language) => Say(language,
        "I understand this is serious, and I'm sorry. I'm connecting you with a senior agent right away; they'll see everything we've discussed.",
        "非常理解，这件事很重要，给您带来困扰非常抱歉。正在为您优先转接资深客服，对方会看到我们的全部对话记录。");

    public static string AlreadyWaiting(Language language) => Say(language,
        "You're in the queue for a human agent, and someone will be with you shortly. Meanwhile, I'm happy to keep helping.",
        "您已在人工客服队列中，马上会有客服为您服务。在此期间我可以继续为您解答。");

    public static string Complaint(Language language) => Say(language,
        "Would you like me to connect you with a human agent who can look into it?",
        "需要为您转接人工客服来跟进处理吗？");

    public static string ComplaintAgain(Language language) => Say(language,
        "I'm sorry. Tell me what went wrong, and I'll do my best to fix it.",
        "非常抱歉。请告诉我具体出了什么问题，我会尽力为您解决。");

    public static string AgentJoined(Language language, string agentName) => Say(language,
        $"You're now connected with {agentName}.", $"已为您接通人工客服{agentName}。");

    public static string AgentDisconnected(Language language) => Say(language,
        "Sorry, we lost your agent. You're first in line for the next one; please stay with us.",
        "抱歉，人工客服连接中断。您已排在队列最前面，请稍候。");

    public static string BackWithAssistant(Language language) => Say(language,
        "You're back with the virtual assistant. Is there anything else I can help you with?",
        "现在由智能助手继续为您服务。还有什么可以帮您的吗？");

    /// <summary>Said when the language model is slow to start its answer, so the caller never hears silence.</summary>
    public static string Filler(Language language) => Say(language, "One moment, let me check that.", "请稍等，我查一下。");

    public static string SystemUnavailable(Language language) => Say(language,
        "I'm sorry, I can't reach our order system right now. Please try again in a moment, or ask for a person and I'll transfer you.",
        "抱歉，订单系统暂时无法访问。请稍后再试，或者说“转人工”，我为您转接人工客服。");

    public static string Apology(Language language) => Say(language,
        "I'm really sorry for the trouble.",
        "非常抱歉给您带来不便。");

    public static string OfferHuman(Language language) => Say(language,
        "If you prefer, I can connect you with a human agent. Would you like that?",
        "如果您愿意，我可以为您转接人工客服，需要吗？");

    public static string KeepHelping(Language language) => Say(language,
        "Alright, I'll keep helping you myself. What can I do for you?",
        "好的，我继续为您服务。请问还有什么可以帮您？");

    public static string NotUnderstood(Language language) => Say(language,
        "Sorry, I didn't quite catch that. Is it about an order, a return or cancellation, a product, or one of our policies?",
        "抱歉，我没太明白。请问是关于订单、退货或取消、商品，还是我们的服务政策？");

    public static string Thanks(Language language) => Say(language,
        "You're welcome! Is there anything else I can help with?",
        "不客气！还有其他可以帮您的吗？");

    public static string AnythingElse(Language language) => Say(language,
        "Alright. Is there anything else I can help you with?",
        "好的。还有其他可以帮您的吗？");

    public static string WhatCanIDo(Language language) => Say(language,
        "Great. What can I help you with?",
        "好的，请问有什么可以帮您？");

    public static string Goodbye(Language language) => Say(language,
        "Thank you for contacting us. Have a great day, goodbye!",
        "感谢您的来电，祝您生活愉快，再见！");

    private static string FirstName(string name) => name.Split(' ', 2)[0];

    private static string ItemList(Language language, Order order) =>
        string.Join(language == Language.Zh ? "、" : ", ", order.Items.Select(p => language == Language.Zh ? p.NameZh : p.Name));

    private static string EtaSentence(Language language, Order order) => order.Eta is null ? "" : Say(language,
        $" It's expected to arrive on {Date(language, order.Eta)}.",
        $"预计{Date(language, order.Eta)}送达。");

    public static string Date(Language language, DateOnly? date) => date is not { } d ? "" : language == Language.Zh
        ? $"{d.Month}月{d.Day}日"
        : d.ToString("MMMM d", English);

    public static string Money(Language language, decimal amount, string currency) => (currency, language) switch
    {
        ("USD", Language.Zh) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)}美元",
        ("USD", _) => $"${amount.ToString("0.00", CultureInfo.InvariantCulture)}",
        _ => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}",
    };
}
