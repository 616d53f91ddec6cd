using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Llm.Tools;

/// <summary>The e-commerce tools: customers, orders, returns, cancellations, products and policies, all from the CRM.</summary>
public static class CommerceTools
{
    private static readonly ToolParameter OrderNumber = new("order_number", "string", "The order number, e.g. A1001.");

    public static readonly ModelTool LookupCustomer = new(
        "lookup_customer",
        "Find the customer by phone number. Without a phone, uses the number the caller is calling from.",
        [new("phone", "string", "The customer's phone number.", Required: false)],
        async (args, context) =>
        {
            var phone = args.OptionalString("phone") ?? context.Facts.CallerPhone;
            if (phone is null)
            {
                return new { error = "No phone number: ask the caller for the number on their account." };
            }

            var customer = await context.Crm.FindCustomerByPhoneAsync(phone);
            if (customer is null)
            {
                return new { found = false };
            }

            context.CallerSpecific = true;
            context.Act(new CallAction(CallActionKind.FocusCustomer, Reason: customer.Name, Value: customer.Id));
            var orders = await context.Crm.GetCustomerOrdersAsync(customer.Id);
            return new { found = true, customer_id = customer.Id, name = customer.Name, tier = customer.Tier, orders = orders.Select(o => new { order_number = o.Id, status = o.Status }) };
        });

    public static readonly ModelTool GetOrderStatus = new(
        "get_order_status",
        "Status, items, carrier, tracking number and delivery dates of an order.",
        [OrderNumber],
        async (args, context) =>
        {
            var order = await context.Crm.GetOrderAsync(NormalizeOrder(args.String("order_number"), context));
            if (order is null)
            {
                return new { found = false, order_number = args.String("order_number") };
            }

            context.CallerSpecific = true;
            context.Act(new CallAction(CallActionKind.FocusOrder, Value: order.Id));
            return new
            {
                found = true, order_number = order.Id, status = order.Status, items = order.Items.Select(i => Name(i, context.Language)),
                carrier = order.Carrier, tracking = order.Tracking, placed = order.Placed, eta = order.Eta, delivered = order.Delivered,
                note = order.Note, return_rma = order.ReturnRma,
            };
        });

    public static readonly ModelTool StartReturn = new(
        "start_return",
        "Open a return (RMA) for a delivered order within the return window.",
        [OrderNumber, new("reason", "string", "Why the caller returns it.", Required: false)],
        async (args, context) =>
        {
            var id = NormalizeOrder(args.String("order_number"), context);
            var outcome = await context.Crm.StartReturnAsync(id, args.OptionalString("reason"));
            context.CallerSpecific = true;
            context.Act(new CallAction(CallActionKind.FocusOrder, Value: id));
            return new { accepted = outcome.Accepted, rma = outcome.Rma, refusal = Refusal(outcome.Refusal), already_requested = outcome.AlreadyRequested, window_ends = outcome.WindowEnds };
        });

    public static readonly ModelTool CancelOrder = new(
        "cancel_order",
        "Cancel an order that has not shipped. Only after the caller confirmed the cancellation in this conversation.",
        [OrderNumber, new("confirmed", "boolean", "True only if the caller explicitly confirmed they want this order cancelled.")],
        async (args, context) =>
        {
            var id = NormalizeOrder(args.String("order_number"), context);
            if (!args.Bool("confirmed"))
            {
                return new { error = $"Not cancelled: ask the caller to confirm that order {id} should be cancelled, then call again with confirmed=true." };
            }

            var outcome = await context.Crm.CancelOrderAsync(id);
            context.CallerSpecific = true;
            context.Act(new CallAction(CallActionKind.FocusOrder, Value: id));
            return new { cancelled = outcome.Cancelled, refusal = Refusal(outcome.Refusal), status = outcome.Status };
        });

    public static readonly ModelTool ProductInfo = new(
        "product_info",
        "Price, currency and stock of products matching a name or SKU.",
        [new("product", "string", "The product name as the caller said it, or its SKU.")],
        async (args, context) =>
        {
            var asked = args.String("product");
            var catalog = await context.Crm.GetCatalogAsync();
            var skus = context.Nlu.Understand(asked, context.Language).Entities
                .Where(e => e.Type == EntityTypes.Product).Select(e => e.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var matches = catalog.Where(p => skus.Contains(p.Sku) || p.Sku.Equals(asked, StringComparison.OrdinalIgnoreCase)).Take(3).ToArray();
            return matches.Length == 0
                ? new { found = false, products = Array.Empty<object>() }
                : new { found = true, products = matches.Select(p => (object)new { sku = p.Sku, name = Name(p, context.Language), price = p.Price, currency = p.Currency, in_stock = p.Stock }).ToArray() };
        });

    public static readonly ModelTool PolicyAnswer = new(
        "policy_answer",
        "The store's policy text on a topic, in the caller's language.",
        [new("topic", "string", "The policy topic.", OneOf: PolicyTopics.All)],
        async (args, context) =>
        {
            var topic = args.String("topic");
            var policy = (await context.Crm.GetPoliciesAsync()).FirstOrDefault(p => p.Topic == topic);
            return policy is null ? new { found = false } : new { found = true, topic, text = policy.In(context.Language) };
        });

    public static readonly ModelTool[] All = [LookupCustomer, GetOrderStatus, StartReturn, CancelOrder, ProductInfo, PolicyAnswer];

    /// <summary>"a-1001", "order 1001" and "A1001" all mean A1001: the embedded understanding's reading wins.</summary>
    private static string NormalizeOrder(string said, ToolContext context) =>
        context.Nlu.Understand(said, context.Language).Entities.FirstOrDefault(e => e.Type == EntityTypes.OrderNumber)?.Value
        ?? said.Trim().ToUpperInvariant();

    private static string Name(Product product, Language language) => language == Language.Zh ? product.NameZh : product.Name;

    private static string? Refusal(CrmRefusal refusal) => refusal == CrmRefusal.None ? null : refusal.ToString();
}
