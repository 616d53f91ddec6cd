using Orleans.Concurrency;

namespace CallCenter.Crm;

/// <summary>
/// The CRM seen from the cluster. A stateless worker, so every silo answers CRM calls locally and in parallel;
/// the connector (embedded SQLite or an external CRM over HTTP) does the work.
/// </summary>
[StatelessWorker]
public sealed class CrmGrain(ICrmConnector connector) : Grain, ICrmGrain
{
    public Task<Customer?> FindCustomerByPhoneAsync(string phone) => connector.FindCustomerByPhoneAsync(phone);
    public Task<Customer?> GetCustomerAsync(string customerId) => connector.GetCustomerAsync(customerId);
    public Task<Order?> GetOrderAsync(string orderId) => connector.GetOrderAsync(orderId);
    public Task<Order[]> GetCustomerOrdersAsync(string customerId) => connector.GetCustomerOrdersAsync(customerId);
    public Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason) => connector.StartReturnAsync(orderId, reason);
    public Task<CancelOutcome> CancelOrderAsync(string orderId) => connector.CancelOrderAsync(orderId);
    public Task<Product?> GetProductAsync(string sku) => connector.GetProductAsync(sku);
    public Task<Product[]> GetCatalogAsync() => connector.GetCatalogAsync();
    public Task<Policy[]> GetPoliciesAsync() => connector.GetPoliciesAsync();
    public Task<Account[]> GetAccountsAsync(string customerId) => connector.GetAccountsAsync(customerId);
    public Task<IdentityCheck> VerifyIdentityAsync(string customerId, DateOnly dateOfBirth, string postcode) =>
        connector.VerifyIdentityAsync(customerId, dateOfBirth, postcode);
    public Task<FreezeOutcome> FreezeCardAsync(string accountId) => connector.FreezeCardAsync(accountId);
}
