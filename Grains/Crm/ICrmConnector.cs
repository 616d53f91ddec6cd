namespace CallCenter.Crm;

/// <summary>
/// A business system the CRM grain talks to: the embedded SQLite database (default) or an external CRM over HTTP.
/// The same operations as <see cref="ICrmGrain"/>; the grain only forwards.
/// </summary>
public interface ICrmConnector
{
    Task<Customer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken = default);
    Task<Customer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default);
    Task<Order?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default);
    Task<Order[]> GetCustomerOrdersAsync(string customerId, CancellationToken cancellationToken = default);
    Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason, CancellationToken cancellationToken = default);
    Task<CancelOutcome> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default);
    Task<Product?> GetProductAsync(string sku, CancellationToken cancellationToken = default);
    Task<Product[]> GetCatalogAsync(CancellationToken cancellationToken = default);
    Task<Policy[]> GetPoliciesAsync(CancellationToken cancellationToken = default);

    /// <summary>The customer's accounts with their recent transactions; empty for an unknown customer.</summary>
    Task<Account[]> GetAccountsAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares what the caller said with the identity on file. The stored date of birth and postcode stay in the CRM:
    /// only the verdict comes back. Postcodes match ignoring case and spaces.
    /// </summary>
    Task<IdentityCheck> VerifyIdentityAsync(string customerId, DateOnly dateOfBirth, string postcode, CancellationToken cancellationToken = default);

    /// <summary>Freezes a card (a lost or stolen one); atomic, and asking again answers already_frozen.</summary>
    Task<FreezeOutcome> FreezeCardAsync(string accountId, CancellationToken cancellationToken = default);
}
