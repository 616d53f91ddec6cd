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

    // Account actions; appended so the Orleans wire values of the order refusals above stay as they were.
    AccountNotFound,
    NotACard,
    AlreadyFrozen,
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

/// <summary>Account kinds as the CRM stores them.</summary>
public static class AccountKinds
{
    public const string Checking = "checking";
    public const string Savings = "savings";
    public const string CreditCard = "credit_card";
}

/// <summary>Account statuses as the CRM stores them: active, frozen.</summary>
public static class AccountStatuses
{
    public const string Active = "active";
    public const string Frozen = "frozen";

    /// <summary>
    /// The one rule for freezing: only a card, and only once. Returns why not, or <see cref="CrmRefusal.None"/> when
    /// it can be frozen.
    /// </summary>
    public static CrmRefusal FreezeRefusal(string kind, string status) =>
        kind != AccountKinds.CreditCard ? CrmRefusal.NotACard
        : status == Frozen ? CrmRefusal.AlreadyFrozen
        : CrmRefusal.None;
}

/// <summary>
/// A bank account of a customer with its most recent transactions, newest first. <see cref="Balance"/> is in the
/// customer's favour when positive; a card's negative balance is what the customer owes. Only the last four digits
/// of the number are known outside the CRM.
/// </summary>
[GenerateSerializer, Alias("Account")]
public sealed record Account(
    [property: Id(0)] string Id,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Last4,
    [property: Id(4)] decimal Balance,
    [property: Id(5)] string Currency,
    [property: Id(6)] string Status,
    [property: Id(7)] Transaction[] Recent);

/// <summary>One booking on an account; <see cref="Amount"/> is negative for a debit.</summary>
[GenerateSerializer, Alias("Transaction")]
public sealed record Transaction(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency);

/// <summary>The identity factors a caller is asked for; the names <see cref="IdentityCheck.Mismatched"/> uses.</summary>
public static class IdentityFactors
{
    public const string DateOfBirth = "date_of_birth";
    public const string Postcode = "postcode";
    public static readonly string[] All = [DateOfBirth, Postcode];
}

/// <summary>
/// The CRM's verdict on what a caller said. It names the factors that did not match and never the stored values, so
/// nothing outside the CRM learns a customer's secrets. An unknown customer fails every factor.
/// </summary>
[GenerateSerializer, Alias("IdentityCheck")]
public sealed record IdentityCheck(
    [property: Id(0)] bool Verified,
    [property: Id(1)] string[] Mismatched)
{
    /// <summary>Nothing matched (a fresh array each time: callers may keep it).</summary>
    public static IdentityCheck Failed => new(false, [.. IdentityFactors.All]);
}

/// <summary><see cref="Status"/> is the account's status after the request (null only for account_not_found).</summary>
[GenerateSerializer, Alias("FreezeOutcome")]
public sealed record FreezeOutcome(
    [property: Id(0)] bool Frozen,
    [property: Id(1)] CrmRefusal Refusal,
    [property: Id(2)] string? Status);

/// <summary>Policy topics the demo store answers.</summary>
public static class PolicyTopics
{
    public const string Returns = "returns";
    public const string Shipping = "shipping";
    public const string Hours = "hours";
    public const string Warranty = "warranty";
    public static readonly string[] All = [Returns, Shipping, Hours, Warranty];
}
