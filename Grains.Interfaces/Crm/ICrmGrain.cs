namespace CallCenter.Crm;

/// <summary>
/// The business systems: customers, orders, products, policies, and for the finance pack accounts and identity checks. A stateless worker keyed by tenant ("default"),
/// backed by a connector (the embedded SQLite database, or an external CRM over HTTP).
/// </summary>
[Alias("ICrmGrain")]
public interface ICrmGrain : IGrainWithStringKey
{
    [Alias("FindCustomerByPhone")] Task<Customer?> FindCustomerByPhoneAsync(string phone);
    [Alias("GetCustomer")] Task<Customer?> GetCustomerAsync(string customerId);
    [Alias("GetOrder")] Task<Order?> GetOrderAsync(string orderId);
    [Alias("GetCustomerOrders")] Task<Order[]> GetCustomerOrdersAsync(string customerId);
    [Alias("StartReturn")] Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason);
    [Alias("CancelOrder")] Task<CancelOutcome> CancelOrderAsync(string orderId);
    [Alias("GetProduct")] Task<Product?> GetProductAsync(string sku);
    [Alias("GetCatalog")] Task<Product[]> GetCatalogAsync();
    [Alias("GetPolicies")] Task<Policy[]> GetPoliciesAsync();
    [Alias("GetAccounts")] Task<Account[]> GetAccountsAsync(string customerId);
    [Alias("VerifyIdentity")] Task<IdentityCheck> VerifyIdentityAsync(string customerId, DateOnly dateOfBirth, string postcode);
    [Alias("FreezeCard")] Task<FreezeOutcome> FreezeCardAsync(string accountId);
}

public static class CrmGrainKeys
{
    /// <summary>The CRM of the one tenant this engine serves today.</summary>
    public const string Default = "default";
}
