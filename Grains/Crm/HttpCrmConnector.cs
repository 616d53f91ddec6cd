using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CallCenter.Crm;

/// <summary>
/// An external CRM that speaks the REST contract in the README ("The external CRM HTTP contract"). Lookups answer null
/// (lists empty) on 404; order actions answer order_not_found and a card freeze account_not_found on 404; an identity
/// check of an unknown customer fails every factor. Anything else that is not a success (other statuses, unreachable, no answer within
/// <see cref="CrmOptions.TimeoutSeconds"/>, a body that is not the contract's JSON) throws
/// <see cref="CrmUnavailableException"/>. Cancelling the caller's token throws OperationCanceledException as usual.
/// The HttpClient is used as given (no headers or timeout are changed on it), so a shared or factory-made client works.
/// </summary>
public sealed class HttpCrmConnector : ICrmConnector
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;

    /// <param name="httpClient">Sends the requests; its own Timeout still applies if it is shorter.</param>
    /// <param name="options">Crm:BaseUrl (or the client's BaseAddress), Crm:ApiKey, Crm:TimeoutSeconds.</param>
    public HttpCrmConnector(HttpClient httpClient, IOptions<CrmOptions> options)
    {
        var settings = options.Value;
        _http = httpClient;
        var baseUri = !string.IsNullOrWhiteSpace(settings.BaseUrl)
            ? Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var configured) && configured.Scheme is "http" or "https"
                ? configured
                : throw new ArgumentException($"Crm:BaseUrl '{settings.BaseUrl}' is not an absolute http(s) URL.", nameof(options))
            : httpClient.BaseAddress
                ?? throw new ArgumentException("Crm:BaseUrl is required when Crm:Connector is Http.", nameof(options));

        // A base with a path ("https://crm/api/v1") keeps it: the routes are appended after a trailing slash.
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _authorization = string.IsNullOrWhiteSpace(settings.ApiKey) ? null : new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        _timeout = settings.TimeoutSeconds > 0
            ? TimeSpan.FromSeconds(settings.TimeoutSeconds)
            : throw new ArgumentException($"Crm:TimeoutSeconds must be positive, not {settings.TimeoutSeconds}.", nameof(options));
    }

    public Uri BaseUri => _baseUri;

    public Task<Customer?> FindCustomerByPhoneAsync(string phone, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(phone)
            ? Task.FromResult<Customer?>(null)
            : SendAsync<Customer>(HttpMethod.Get, "customers?phone=" + Uri.EscapeDataString(phone.Trim()), null, cancellationToken);

    public Task<Customer?> GetCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(customerId)
            ? Task.FromResult<Customer?>(null)
            : SendAsync<Customer>(HttpMethod.Get, "customers/" + Segment(customerId), null, cancellationToken);

    public Task<Order?> GetOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(orderId)
            ? Task.FromResult<Order?>(null)
            : SendAsync<Order>(HttpMethod.Get, "orders/" + Segment(orderId), null, cancellationToken);

    public async Task<Order[]> GetCustomerOrdersAsync(string customerId, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(customerId)
            ? []
            : await SendAsync<Order[]>(HttpMethod.Get, $"customers/{Segment(customerId)}/orders", null, cancellationToken) ?? [];

    public async Task<ReturnOutcome> StartReturnAsync(string orderId, string? reason, CancellationToken cancellationToken = default) =>
        (string.IsNullOrWhiteSpace(orderId)
            ? null
            : await SendAsync<ReturnOutcome>(HttpMethod.Post, $"orders/{Segment(orderId)}/returns", new CrmReturnRequest(reason), cancellationToken))
        ?? new ReturnOutcome(false, null, CrmRefusal.OrderNotFound, false, null);

    public async Task<CancelOutcome> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        (string.IsNullOrWhiteSpace(orderId)
            ? null
            : await SendAsync<CancelOutcome>(HttpMethod.Post, $"orders/{Segment(orderId)}/cancellation", null, cancellationToken))
        ?? new CancelOutcome(false, CrmRefusal.OrderNotFound, null);

    public Task<Product?> GetProductAsync(string sku, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(sku)
            ? Task.FromResult<Product?>(null)
            : SendAsync<Product>(HttpMethod.Get, "products/" + Segment(sku), null, cancellationToken);

    public Task<Product[]> GetCatalogAsync(CancellationToken cancellationToken = default) =>
        GetListAsync<Product>("products", cancellationToken);

    public Task<Policy[]> GetPoliciesAsync(CancellationToken cancellationToken = default) =>
        GetListAsync<Policy>("policies", cancellationToken);

    public async Task<Account[]> GetAccountsAsync(string customerId, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(customerId)
            ? []
            : await SendAsync<Account[]>(HttpMethod.Get, $"customers/{Segment(customerId)}/accounts", null, cancellationToken) ?? [];

    // A POST body, not a query string: what the caller said must not end up in URLs, access logs or exception messages.
    public async Task<IdentityCheck> VerifyIdentityAsync(
        string customerId, DateOnly dateOfBirth, string postcode, CancellationToken cancellationToken = default) =>
        (string.IsNullOrWhiteSpace(customerId)
            ? null
            : await SendAsync<IdentityCheck>(HttpMethod.Post, $"customers/{Segment(customerId)}/verify-identity",
                new CrmIdentityRequest(dateOfBirth, postcode), cancellationToken))
        ?? IdentityCheck.Failed;

    public async Task<FreezeOutcome> FreezeCardAsync(string accountId, CancellationToken cancellationToken = default) =>
        (string.IsNullOrWhiteSpace(accountId)
            ? null
            : await SendAsync<FreezeOutcome>(HttpMethod.Post, $"accounts/{Segment(accountId)}/freeze", null, cancellationToken))
        ?? new FreezeOutcome(false, CrmRefusal.AccountNotFound, null);

    /// <summary>A collection route always exists, so a 404 there means the base URL is wrong.</summary>
    private async Task<T[]> GetListAsync<T>(string relative, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUri, relative).ToString();
        return await SendAsync<T[]>(HttpMethod.Get, relative, null, cancellationToken)
            ?? throw new CrmUnavailableException($"The CRM answered 404 to GET {url}; is Crm:BaseUrl right?", url, 404);
    }

    private static string Segment(string id) => Uri.EscapeDataString(id.Trim());

    /// <summary>Sends one request; the body on success, null on 404, <see cref="CrmUnavailableException"/> otherwise.</summary>
    private async Task<T?> SendAsync<T>(HttpMethod method, string relative, object? body, CancellationToken cancellationToken)
        where T : class
    {
        var uri = new Uri(_baseUri, relative);
        var url = uri.ToString();
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = _authorization;
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CrmJson.Options);
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([]);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = await ReadSnippetAsync(response, timeout.Token);
                throw new CrmUnavailableException(
                    $"The CRM answered {(int)response.StatusCode} {response.ReasonPhrase} to {method} {url}{detail}.",
                    url, (int)response.StatusCode);
            }

            return await response.Content.ReadFromJsonAsync<T>(CrmJson.Options, timeout.Token)
                ?? throw new CrmUnavailableException(
                    $"The CRM answered {(int)response.StatusCode} to {method} {url} without a body.", url, (int)response.StatusCode);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CrmUnavailableException(
                $"The CRM did not answer {method} {url} within {_timeout.TotalSeconds:0.#} s.", url, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CrmUnavailableException($"The CRM at {url} is unreachable: {ex.Message}", url, null, ex);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new CrmUnavailableException(
                $"The CRM answered {method} {url} with a body that is not the contract's JSON: {ex.Message}", url, null, ex);
        }
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return text.Length == 0 ? "" : ": " + (text.Length <= 200 ? text : text[..200] + "…");
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
