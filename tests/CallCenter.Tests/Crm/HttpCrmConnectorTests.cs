using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using CallCenter.Crm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace CallCenter.Tests.Crm;

/// <summary>
/// The behaviour suite through <see cref="HttpCrmConnector"/> against a real HTTP server that implements the
/// contract over its own SQLite connector, plus what only HTTP can show: the wire format and failures.
/// </summary>
public sealed class HttpCrmConnectorTests : CrmConnectorBehaviour
{
    private const string ApiKey = "test-key-123";

    private readonly CrmTestDatabase _file = new();
    private readonly HttpClient _http = new();
    private CrmContractServer? _server;

    private CrmContractServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    protected override async Task<ICrmConnector> CreateConnectorAsync()
    {
        _server = await CrmContractServer.StartAsync(new SqliteCrmConnector(_file.Database, Time), ApiKey);

        // No trailing slash: the connector must keep the base path.
        return Connector(Server.Root + "/crm");
    }

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _file.DisposeAsync();
    }

    [Fact]
    public async Task A_server_error_throws_CrmUnavailableException_naming_status_and_url()
    {
        var broken = Connector(Server.Root + "/broken/");

        var ex = await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.GetOrderAsync("A1002"));
        Assert.Equal(500, ex.StatusCode);
        Assert.Equal(Server.Root + "/broken/orders/A1002", ex.Url);
        Assert.Contains("500", ex.Message);
        Assert.Contains(Server.Root + "/broken/orders/A1002", ex.Message);
        Assert.Contains("the CRM database is down", ex.Message);

        Assert.Equal(500, (await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.CancelOrderAsync("A1003"))).StatusCode);
        Assert.Equal(500, (await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.FindCustomerByPhoneAsync("+15550101"))).StatusCode);
        Assert.Equal(500, (await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.GetCatalogAsync())).StatusCode);
        Assert.Equal(500, (await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.GetAccountsAsync("C001"))).StatusCode);
        Assert.Equal(500, (await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.FreezeCardAsync("AC1003"))).StatusCode);
        var verify = await Assert.ThrowsAsync<CrmUnavailableException>(() => broken.VerifyIdentityAsync("C001", new DateOnly(1986, 3, 14), "94110"));
        Assert.Equal(Server.Root + "/broken/customers/C001/verify-identity", verify.Url);
        Assert.DoesNotContain("94110", verify.Message);
        Assert.DoesNotContain("1986", verify.Message);
    }

    [Fact]
    public async Task A_wrong_api_key_throws_CrmUnavailableException_with_401()
    {
        var wrongKey = Connector(Server.Root + "/crm", apiKey: "not-the-key");
        var ex = await Assert.ThrowsAsync<CrmUnavailableException>(() => wrongKey.GetPoliciesAsync());
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("401", ex.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_throws_CrmUnavailableException()
    {
        var slow = Connector(Server.Root + "/slow", timeoutSeconds: 1);
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<CrmUnavailableException>(() => slow.GetOrderAsync("A1002"));
        Assert.Null(ex.StatusCode);
        Assert.Contains("within 1 s", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unreachable_server_throws_CrmUnavailableException()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ex = await Assert.ThrowsAsync<CrmUnavailableException>(() => Connector($"http://127.0.0.1:{port}/").GetProductAsync("P100"));
        Assert.Null(ex.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_reported_as_unavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Crm.GetOrderAsync("A1002", cancelled.Token));
    }

    [Fact]
    public async Task The_wire_format_is_snake_case_with_snake_case_enums()
    {
        using var order = await Raw(HttpMethod.Get, "/crm/orders/A1004");
        var root = order.RootElement;
        Assert.Equal("C002", root.GetProperty("customer_id").GetString());
        Assert.Equal("delayed", root.GetProperty("status").GetString());
        Assert.Equal("2026-11-10", root.GetProperty("placed").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("return_rma").ValueKind);
        Assert.Equal("BrewMaster 意式咖啡机", root.GetProperty("items")[0].GetProperty("name_zh").GetString());

        using var customer = await Raw(HttpMethod.Get, "/crm/customers?phone=%2B8613800000001");
        Assert.Equal("zh", customer.RootElement.GetProperty("language").GetString());

        using var cancel = await Raw(HttpMethod.Post, "/crm/orders/A1001/cancellation");
        Assert.Equal("already_shipped", cancel.RootElement.GetProperty("refusal").GetString());
        Assert.False(cancel.RootElement.GetProperty("cancelled").GetBoolean());

        using var refused = await Raw(HttpMethod.Post, "/crm/orders/A1009/returns", """{"reason":"broken"}""");
        Assert.Equal("return_window_expired", refused.RootElement.GetProperty("refusal").GetString());
        Assert.Equal("2026-11-04", refused.RootElement.GetProperty("window_ends").GetString());
        Assert.False(refused.RootElement.GetProperty("already_requested").GetBoolean());
    }

    [Fact]
    public async Task The_finance_wire_format_is_snake_case_and_never_carries_the_identity_secrets()
    {
        using var accounts = await Raw(HttpMethod.Get, "/crm/customers/C001/accounts");
        var card = accounts.RootElement[2];
        Assert.Equal(("AC1003", "C001", "credit_card", "9012", -532.10m, "active"),
            (card.GetProperty("id").GetString(), card.GetProperty("customer_id").GetString(), card.GetProperty("kind").GetString(),
             card.GetProperty("last4").GetString(), card.GetProperty("balance").GetDecimal(), card.GetProperty("status").GetString()));
        Assert.Equal("2026-11-23", card.GetProperty("recent")[0].GetProperty("date").GetString());
        Assert.Equal(-412.60m, card.GetProperty("recent")[0].GetProperty("amount").GetDecimal());

        using var verified = await Raw(HttpMethod.Post, "/crm/customers/C006/verify-identity", """{"date_of_birth":"1968-12-05","postcode":"m5v3l9"}""");
        Assert.True(verified.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(0, verified.RootElement.GetProperty("mismatched").GetArrayLength());

        using var refused = await Raw(HttpMethod.Post, "/crm/customers/C006/verify-identity", """{"date_of_birth":"1968-12-06","postcode":"M5V 3L9"}""");
        Assert.Equal("""{"verified":false,"mismatched":["date_of_birth"]}""", refused.RootElement.GetRawText());

        using var frozen = await Raw(HttpMethod.Post, "/crm/accounts/AC1001/freeze");
        Assert.Equal("""{"frozen":false,"refusal":"not_a_card","status":"active"}""", frozen.RootElement.GetRawText());

        foreach (var route in new[] { "/crm/customers/C006", "/crm/customers/C006/accounts", "/crm/customers/C006/orders" })
        {
            using var answer = await Raw(HttpMethod.Get, route);
            Assert.DoesNotContain("1968-12-05", answer.RootElement.GetRawText());
            Assert.DoesNotContain("M5V", answer.RootElement.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Options_without_a_base_url_or_with_a_bad_timeout_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new HttpCrmConnector(new HttpClient(), Options.Create(new CrmOptions { Connector = CrmOptions.HttpConnector })));
        Assert.Throws<ArgumentException>(() => Connector("crm.example.com"));
        Assert.Throws<ArgumentException>(() => Connector("http://crm.example.com", timeoutSeconds: 0));
        var fromClient = new HttpCrmConnector(new HttpClient { BaseAddress = new Uri("http://crm.example.com/api") }, Options.Create(new CrmOptions()));
        Assert.Equal("http://crm.example.com/api/", fromClient.BaseUri.ToString());
    }

    [Fact]
    public void CrmUnavailableException_survives_orleans_serialization()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var original = new CrmUnavailableException("The CRM answered 503 to GET http://crm/orders/A1", "http://crm/orders/A1", 503);

        var copy = serializer.Deserialize<CrmUnavailableException>(serializer.SerializeToArray(original));

        Assert.NotNull(copy);
        Assert.Equal((original.Message, original.Url, original.StatusCode), (copy.Message, copy.Url, copy.StatusCode));
    }

    private HttpCrmConnector Connector(string baseUrl, string apiKey = ApiKey, int timeoutSeconds = 5) =>
        new(_http, Options.Create(new CrmOptions
        {
            Connector = CrmOptions.HttpConnector,
            BaseUrl = baseUrl,
            ApiKey = apiKey,
            TimeoutSeconds = timeoutSeconds,
        }));

    private async Task<JsonDocument> Raw(HttpMethod method, string pathAndQuery, string? json = null)
    {
        using var request = new HttpRequestMessage(method, Server.Root + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
