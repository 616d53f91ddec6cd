using CallCenter.Crm;
using CallCenter.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Crm;

/// <summary>
/// A real HTTP server on 127.0.0.1 (free port) that implements the contract in the README ("The external CRM HTTP contract") under
/// "/crm", backed by any connector. It requires "Authorization: Bearer {apiKey}". Two extra prefixes misbehave on
/// every route: "/broken" answers 500, "/slow" answers after 30 s. Every request it receives is kept in
/// <see cref="Requests"/> (what the CRM was asked); <c>failWhen</c> makes chosen requests answer 500.
/// </summary>
internal sealed class CrmContractServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CrmContractServer(WebApplication app, string root, System.Collections.Concurrent.ConcurrentQueue<string> requests)
    {
        _app = app;
        Root = root;
        Requests = requests;
    }

    /// <summary>"METHOD /path?query body" of every request received, decoded, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; }

    /// <summary>"http://127.0.0.1:{port}" without a trailing slash.</summary>
    public string Root { get; }

    public static async Task<CrmContractServer> StartAsync(ICrmConnector backend, string apiKey, Func<HttpRequest, bool>? failWhen = null)
    {
        var app = LocalWebServer.Create(services => services.ConfigureHttpJsonOptions(options => CrmJson.Configure(options.SerializerOptions)));
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            requests.Enqueue($"{context.Request.Method} {context.Request.Path}{Uri.UnescapeDataString(context.Request.QueryString.Value ?? "")} {body}".TrimEnd());
            if (failWhen?.Invoke(context.Request) == true)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            await next(context);
        });

        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {apiKey}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });

        app.Map("/broken/{**rest}", () => Results.Text("the CRM database is down", statusCode: StatusCodes.Status500InternalServerError));
        app.Map("/slow/{**rest}", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Ok();
        });

        var crm = app.MapGroup("/crm");
        crm.MapGet("/customers", async (string? phone, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(phone) ? Results.BadRequest() : Found(await backend.FindCustomerByPhoneAsync(phone, ct)));
        crm.MapGet("/customers/{id}", async (string id, CancellationToken ct) => Found(await backend.GetCustomerAsync(id, ct)));
        crm.MapGet("/customers/{id}/orders", async (string id, CancellationToken ct) =>
            await backend.GetCustomerAsync(id, ct) is null ? Results.NotFound() : Results.Ok(await backend.GetCustomerOrdersAsync(id, ct)));
        crm.MapGet("/orders/{id}", async (string id, CancellationToken ct) => Found(await backend.GetOrderAsync(id, ct)));
        crm.MapPost("/orders/{id}/returns", async (string id, CrmReturnRequest? request, CancellationToken ct) =>
        {
            var outcome = await backend.StartReturnAsync(id, request?.Reason, ct);
            return outcome.Refusal == CrmRefusal.OrderNotFound ? Results.NotFound(outcome) : Results.Ok(outcome);
        });
        crm.MapPost("/orders/{id}/cancellation", async (string id, CancellationToken ct) =>
        {
            var outcome = await backend.CancelOrderAsync(id, ct);
            return outcome.Refusal == CrmRefusal.OrderNotFound ? Results.NotFound(outcome) : Results.Ok(outcome);
        });
        crm.MapGet("/customers/{id}/accounts", async (string id, CancellationToken ct) =>
            await backend.GetCustomerAsync(id, ct) is null ? Results.NotFound() : Results.Ok(await backend.GetAccountsAsync(id, ct)));
        crm.MapPost("/customers/{id}/verify-identity", async (string id, CrmIdentityRequest request, CancellationToken ct) =>
            await backend.GetCustomerAsync(id, ct) is null
                ? Results.NotFound()
                : Results.Ok(await backend.VerifyIdentityAsync(id, request.DateOfBirth, request.Postcode, ct)));
        crm.MapPost("/accounts/{id}/freeze", async (string id, CancellationToken ct) =>
        {
            var outcome = await backend.FreezeCardAsync(id, ct);
            return outcome.Refusal == CrmRefusal.AccountNotFound ? Results.NotFound(outcome) : Results.Ok(outcome);
        });
        crm.MapGet("/products/{sku}", async (string sku, CancellationToken ct) => Found(await backend.GetProductAsync(sku, ct)));
        crm.MapGet("/products", async (CancellationToken ct) => Results.Ok(await backend.GetCatalogAsync(ct)));
        crm.MapGet("/policies", async (CancellationToken ct) => Results.Ok(await backend.GetPoliciesAsync(ct)));

        await app.StartAsync();
        var root = app.Urls.Single().TrimEnd('/');
        return new CrmContractServer(app, root, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Found<T>(T? value) where T : class => value is null ? Results.NotFound() : Results.Ok(value);
}
