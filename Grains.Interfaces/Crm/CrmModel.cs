using CallCenter.Calls;

namespace CallCenter.Crm;

[GenerateSerializer, Alias("Customer")]
public sealed record Customer(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Phone,
    [property: Id(3)] string Email,
    [property: Id(4)] Language Language,
    [property: Id(5)] string Tier);

[GenerateSerializer, Alias("Product")]
public sealed record Product(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] string NameZh,
    [property: Id(3)] decimal Price,
    [property: Id(4)] string Currency,
    [property: Id(5)] int Stock);

/// <summary>Order statuses as the CRM stores them: processing, shipped, delayed, delivered, cancelled.</summary>
public static class OrderStatuses
{
    public const string Processing = "processing";
    public const string Shipped = "shipped";
    public const string Delayed = "delayed";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// The one rule for cancellation: an order can be cancelled only before it ships. Returns why not, or
    /// <see cref="CrmRefusal.None"/> when it can be cancelled.
    /// </summary>
    public static CrmRefusal CancelRefusal(string status) => status switch
    {
        Processing => CrmRefusal.None,
        Shipped or Delayed => CrmRefusal.AlreadyShipped,
        Delivered => CrmRefusal.AlreadyDelivered,
        Cancelled => CrmRefusal.AlreadyCancelled,
        _ => CrmRefusal.AlreadyShipped,
    };
}

[GenerateSerializer, Alias("Order")]
public sealed record Order(
    [property: Id(0)] string Id,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Status,
    [property: Id(3)] Product[] Items,
    [property: Id(4)] string? Carrier,
    [property: Id(5)] string? Tracking,
    [property: Id(6)] DateOnly Placed,
    [property: Id(7)] DateOnly? Eta,
    [property: Id(8)] DateOnly? Delivered,
    [property: Id(9)] string? Note,
    [property: Id(10)] string? ReturnRma);

/// <summary>Why the CRM refused an action. Serialized in the HTTP contract as snake_case.</summary>
[GenerateSerializer, Alias("CrmRefusal")]
public enum CrmRefusal
{
    None,
    OrderNotFound,
    NotDeliveredYet,
    ReturnWindowExpired,
    OrderCancelled,
    AlreadyShipped,
    AlreadyDelivered,
    AlreadyCancelled,
}

[GenerateSerializer, Alias("ReturnOutcome")]
public sealed record ReturnOutcome(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? Rma,
    [property: Id(2)] CrmRefusal Refusal,
    [property: Id(3)] bool AlreadyRequested,
    [property: Id(4)] DateOnly? WindowEnds);

[GenerateSerializer, Alias("CancelOutcome")]
public sealed record CancelOutcome(
    [property: Id(0)] bool Cancelled,
    [property: Id(1)] CrmRefusal Refusal,
    [property: Id(2)] string? Status);

[GenerateSerializer, Alias("Policy")]
public sealed record Policy(
    [property: Id(0)] string Topic,
    [property: Id(1)] string En,
    [property: Id(2)] string Zh)
{
    public string In(Language language) => language == Language.Zh ? Zh : En;
}

/// <summary>Policy topics the demo store answers.</summary>
public static class PolicyTopics
{
    public const string Returns = "returns";
    public const string Shipping = "shipping";
    public const string Hours = "hours";
    public const string Warranty = "warranty";
    public static readonly string[] All = [Returns, Shipping, Hours, Warranty];
}
