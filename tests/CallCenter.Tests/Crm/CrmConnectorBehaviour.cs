using CallCenter.Calls;
using CallCenter.Crm;
using Microsoft.Extensions.Time.Testing;

namespace CallCenter.Tests.Crm;

/// <summary>
/// What every <see cref="ICrmConnector"/> must do with the demo records, run against each connector.
/// The clock stands at 2026-11-25 (UTC) unless a test moves it.
/// </summary>
public abstract class CrmConnectorBehaviour : IAsyncLifetime
{
    protected static readonly DateTimeOffset Today = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    private ICrmConnector? _crm;

    protected FakeTimeProvider Time { get; } = new(Today);

    protected ICrmConnector Crm => _crm ?? throw new InvalidOperationException("The connector is created in InitializeAsync.");

    /// <summary>Creates the connector under test over a fresh demo database whose clock is <see cref="Time"/>.</summary>
    protected abstract Task<ICrmConnector> CreateConnectorAsync();

    public async Task InitializeAsync() => _crm = await CreateConnectorAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Every_demo_customer_is_present_with_every_field()
    {
        Assert.Equal(6, DemoRecords.Customers.Length);
        foreach (var expected in DemoRecords.Customers)
        {
            var customer = await Crm.GetCustomerAsync(expected.Text("id"));
            Assert.NotNull(customer);
            Assert.Equal(expected.Text("id"), customer.Id);
            Assert.Equal(expected.Text("name"), customer.Name);
            Assert.Equal(expected.Text("phone"), customer.Phone);
            Assert.Equal(expected.Text("email"), customer.Email);
            Assert.Equal(expected.Text("language") == "zh" ? Language.Zh : Language.En, customer.Language);
            Assert.Equal(expected.Text("tier"), customer.Tier);
        }

        var wang = await Crm.GetCustomerAsync("C003");
        Assert.Equal(new Customer("C003", "王芳", "+8613800000001", "wang.fang@example.cn", Language.Zh, "standard"), wang);
    }

    [Fact]
    public async Task Every_demo_product_is_present_with_its_chinese_name()
    {
        var catalog = await Crm.GetCatalogAsync();
        Assert.Equal(DemoRecords.Products.Length, catalog.Length);
        foreach (var expected in DemoRecords.Products)
        {
            var product = await Crm.GetProductAsync(expected.Text("sku"));
            Assert.NotNull(product);
            Assert.Equal(expected.Text("name"), product.Name);
            Assert.Equal(expected.Text("name_zh"), product.NameZh);
            Assert.Equal(expected.GetProperty("price").GetDecimal(), product.Price);
            Assert.Equal(expected.Text("currency"), product.Currency);
            Assert.Equal(expected.GetProperty("stock").GetInt32(), product.Stock);
            Assert.Contains(product, catalog);
        }

        Assert.Equal(new Product("P200", "Nimbus 4K smart TV 55 inch", "Nimbus 55寸4K智能电视", 649.00m, "USD", 7), await Crm.GetProductAsync("P200"));
        Assert.Equal(89.90m, (await Crm.GetProductAsync("P300"))!.Price);
    }

    [Fact]
    public async Task Every_demo_order_is_present_with_items_carrier_tracking_and_dates()
    {
        Assert.Equal(9, DemoRecords.Orders.Length);
        foreach (var expected in DemoRecords.Orders)
        {
            var order = await Crm.GetOrderAsync(expected.Text("id"));
            Assert.NotNull(order);
            Assert.Equal(expected.Text("id"), order.Id);
            Assert.Equal(expected.Text("customer"), order.CustomerId);
            Assert.Equal(expected.Text("status"), order.Status);
            Assert.Equal(expected.GetProperty("items").EnumerateArray().Select(i => i.GetString()), order.Items.Select(p => p.Sku));
            foreach (var item in order.Items)
            {
                Assert.Equal(await Crm.GetProductAsync(item.Sku), item);
            }

            Assert.Equal(expected.OptionalText("carrier"), order.Carrier);
            Assert.Equal(expected.OptionalText("tracking"), order.Tracking);
            Assert.Equal(expected.OptionalDate("placed"), order.Placed);
            Assert.Equal(expected.OptionalDate("eta"), order.Eta);
            Assert.Equal(expected.OptionalDate("delivered"), order.Delivered);
            Assert.Equal(expected.OptionalText("note"), order.Note);
            Assert.Null(order.ReturnRma);
        }

        var delayed = await Crm.GetOrderAsync("A1004");
        Assert.NotNull(delayed);
        Assert.Equal(("FedEx", "612999AA10NEW", new DateOnly(2026, 12, 3), "held at regional hub due to weather"),
            (delayed.Carrier, delayed.Tracking, delayed.Eta, delayed.Note));
        var twoItems = await Crm.GetOrderAsync("A1006");
        Assert.Equal(["AeroBuds Pro 无线耳机", "Kinetic S2 智能手表"], twoItems!.Items.Select(p => p.NameZh));
    }

    [Fact]
    public async Task All_four_policies_are_present_in_english_and_chinese()
    {
        var policies = await Crm.GetPoliciesAsync();
        Assert.Equal(PolicyTopics.All, policies.Select(p => p.Topic));
        foreach (var expected in DemoRecords.Policies)
        {
            var policy = Assert.Single(policies, p => p.Topic == expected.Text("topic"));
            Assert.Equal(expected.Text("en"), policy.En);
            Assert.Equal(expected.Text("zh"), policy.Zh);
        }

        var returns = policies.Single(p => p.Topic == PolicyTopics.Returns);
        Assert.StartsWith("Items can be returned within 30 days", returns.In(Language.En));
        Assert.StartsWith("商品签收后30天内可退货", returns.In(Language.Zh));
    }

    [Fact]
    public async Task Customer_orders_are_listed_newest_first()
    {
        Assert.Equal(["A1007", "A1006"], (await Crm.GetCustomerOrdersAsync("C004")).Select(o => o.Id));
        Assert.Equal(["A1001", "A1002"], (await Crm.GetCustomerOrdersAsync("c001")).Select(o => o.Id));
        var c004 = await Crm.GetCustomerOrdersAsync("C004");
        Assert.Equal(["P100", "P500"], c004.Single(o => o.Id == "A1006").Items.Select(p => p.Sku));
        Assert.Empty(await Crm.GetCustomerOrdersAsync("C999"));
    }

    [Theory]
    [InlineData("+15550101", "C002")]
    [InlineData("15550101", "C002")]
    [InlineData("5550101", "C002")]
    [InlineData("555-0101", "C002")]
    [InlineData("+1 (555) 0101", "C002")]
    [InlineData(" +15550100 ", "C001")]
    [InlineData("13800000001", "C003")]
    [InlineData("+86 138 0000 0001", "C003")]
    [InlineData("008613800000002", "C004")]
    [InlineData("138-0000-0002", "C004")]
    public async Task Finds_customers_by_phone_in_any_common_form(string phone, string customerId)
    {
        var customer = await Crm.FindCustomerByPhoneAsync(phone);
        Assert.Equal(customerId, customer?.Id);
    }

    [Theory]
    [InlineData("+15559999")]
    [InlineData("0101")]
    [InlineData("550101")]
    [InlineData("+5550101")]
    [InlineData("+4415550101")]
    [InlineData("")]
    [InlineData("not a number")]
    public async Task Unknown_or_too_short_phone_numbers_find_nobody(string phone)
    {
        Assert.Null(await Crm.FindCustomerByPhoneAsync(phone));
    }

    [Fact]
    public async Task Ids_and_skus_are_case_insensitive_and_unknown_ones_are_null()
    {
        Assert.Equal("A1002", (await Crm.GetOrderAsync("a1002"))?.Id);
        Assert.Equal("C001", (await Crm.GetCustomerAsync("c001"))?.Id);
        Assert.Equal("P100", (await Crm.GetProductAsync("p100"))?.Sku);
        Assert.Null(await Crm.GetOrderAsync("A9999"));
        Assert.Null(await Crm.GetCustomerAsync("C999"));
        Assert.Null(await Crm.GetProductAsync("P999"));
        Assert.Null(await Crm.GetOrderAsync(""));
    }

    [Fact]
    public async Task Return_of_a_delivered_order_within_the_window_is_accepted_once_and_repeats_the_same_rma()
    {
        var first = await Crm.StartReturnAsync("A1002", "too small");
        Assert.True(first.Accepted);
        Assert.Equal(CrmRefusal.None, first.Refusal);
        Assert.False(first.AlreadyRequested);
        Assert.Equal(new DateOnly(2026, 12, 6), first.WindowEnds);
        Assert.Matches("^RMA-A1002-[2-9A-HJ-NP-Z]{4}$", first.Rma);

        var again = await Crm.StartReturnAsync("a1002", "asking again");
        Assert.Equal(first with { AlreadyRequested = true }, again);
        Assert.Equal(first.Rma, (await Crm.GetOrderAsync("A1002"))?.ReturnRma);
        Assert.Equal(OrderStatuses.Delivered, (await Crm.GetOrderAsync("A1002"))?.Status);
    }

    [Fact]
    public async Task Return_outside_the_thirty_day_window_is_refused()
    {
        var outcome = await Crm.StartReturnAsync("A1009", null);
        Assert.Equal(new ReturnOutcome(false, null, CrmRefusal.ReturnWindowExpired, false, new DateOnly(2026, 11, 4)), outcome);
        Assert.Null((await Crm.GetOrderAsync("A1009"))?.ReturnRma);
    }

    [Theory]
    [InlineData("A1001")]
    [InlineData("A1003")]
    [InlineData("A1004")]
    [InlineData("A1005")]
    public async Task Return_of_an_order_not_delivered_yet_is_refused(string orderId)
    {
        var outcome = await Crm.StartReturnAsync(orderId, null);
        Assert.Equal(new ReturnOutcome(false, null, CrmRefusal.NotDeliveredYet, false, null), outcome);
        Assert.Null((await Crm.GetOrderAsync(orderId))?.ReturnRma);
    }

    [Fact]
    public async Task Return_of_a_cancelled_or_unknown_order_is_refused()
    {
        Assert.Equal(CrmRefusal.OrderCancelled, (await Crm.StartReturnAsync("A1007", null)).Refusal);
        Assert.Equal(new ReturnOutcome(false, null, CrmRefusal.OrderNotFound, false, null), await Crm.StartReturnAsync("A9999", null));
    }

    [Fact]
    public async Task The_window_includes_its_last_day_and_an_issued_rma_outlives_it()
    {
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 23, 59, 0, TimeSpan.Zero));
        var lastDay = await Crm.StartReturnAsync("A1006", null);
        Assert.True(lastDay.Accepted);
        Assert.Equal(new DateOnly(2026, 12, 3), lastDay.WindowEnds);

        Time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(CrmRefusal.ReturnWindowExpired, (await Crm.StartReturnAsync("A1002", null)).Refusal);
        var later = await Crm.StartReturnAsync("A1006", null);
        Assert.Equal((true, lastDay.Rma, true), (later.Accepted, later.Rma, later.AlreadyRequested));
    }

    [Fact]
    public async Task Cancelling_a_processing_order_succeeds_once()
    {
        Assert.Equal(new CancelOutcome(true, CrmRefusal.None, OrderStatuses.Cancelled), await Crm.CancelOrderAsync("A1003"));
        Assert.Equal(OrderStatuses.Cancelled, (await Crm.GetOrderAsync("A1003"))?.Status);
        Assert.Equal(new CancelOutcome(false, CrmRefusal.AlreadyCancelled, OrderStatuses.Cancelled), await Crm.CancelOrderAsync("a1003"));
        Assert.Equal(CrmRefusal.OrderCancelled, (await Crm.StartReturnAsync("A1003", null)).Refusal);
    }

    [Theory]
    [InlineData("A1001", CrmRefusal.AlreadyShipped, OrderStatuses.Shipped)]
    [InlineData("A1004", CrmRefusal.AlreadyShipped, OrderStatuses.Delayed)]
    [InlineData("A1002", CrmRefusal.AlreadyDelivered, OrderStatuses.Delivered)]
    [InlineData("A1007", CrmRefusal.AlreadyCancelled, OrderStatuses.Cancelled)]
    [InlineData("A9999", CrmRefusal.OrderNotFound, null)]
    public async Task Cancelling_an_order_past_processing_is_refused(string orderId, CrmRefusal refusal, string? status)
    {
        Assert.Equal(new CancelOutcome(false, refusal, status), await Crm.CancelOrderAsync(orderId));
        Assert.Equal(status, (await Crm.GetOrderAsync(orderId))?.Status);
    }

    [Fact]
    public async Task Concurrent_cancels_of_one_order_cancel_it_exactly_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Crm.CancelOrderAsync("A1008"))));
        Assert.Single(outcomes, o => o.Cancelled);
        Assert.All(outcomes.Where(o => !o.Cancelled), o => Assert.Equal(CrmRefusal.AlreadyCancelled, o.Refusal));
        Assert.All(outcomes, o => Assert.Equal(OrderStatuses.Cancelled, o.Status));
    }

    [Fact]
    public async Task Every_demo_account_is_present_with_its_transactions_newest_first()
    {
        Assert.Equal(DemoRecords.Customers.Length, FinanceRecords.Identities.Length);
        foreach (var customer in DemoRecords.Customers.Select(c => c.Text("id")))
        {
            var expected = FinanceRecords.Accounts.Where(a => a.Text("customer") == customer).ToArray();
            var accounts = await Crm.GetAccountsAsync(customer);
            Assert.InRange(accounts.Length, 1, 3);
            Assert.Equal(expected.Select(a => a.Text("id")).Order(StringComparer.Ordinal), accounts.Select(a => a.Id));
            foreach (var account in accounts)
            {
                var record = expected.Single(a => a.Text("id") == account.Id);
                Assert.Equal(
                    (customer, record.Text("kind"), record.Text("last4"), record.GetProperty("balance").GetDecimal(), record.Text("currency"), record.Text("status")),
                    (account.CustomerId, account.Kind, account.Last4, account.Balance, account.Currency, account.Status));
                var transactions = record.GetProperty("transactions").EnumerateArray()
                    .Select(t => new Transaction(t.OptionalDate("date")!.Value, t.Text("description"), t.GetProperty("amount").GetDecimal(), account.Currency))
                    .OrderByDescending(t => t.Date)
                    .ToArray();
                Assert.Equal(transactions, account.Recent);
            }
        }

        var wang = await Crm.GetAccountsAsync("c003");
        Assert.All(wang, a => Assert.Equal("CNY", a.Currency));
        Assert.Equal(new Transaction(new DateOnly(2026, 11, 24), "盒马鲜生", -238.60m, "CNY"), wang[0].Recent[0]);
        Assert.Equal(
            [AccountKinds.Checking, AccountKinds.Savings, AccountKinds.CreditCard],
            (await Crm.GetAccountsAsync("C001")).Select(a => a.Kind));
        Assert.Equal(-532.10m, (await Crm.GetAccountsAsync("C001"))[2].Balance);
    }

    [Fact]
    public async Task An_unknown_customer_has_no_accounts()
    {
        Assert.Empty(await Crm.GetAccountsAsync("C999"));
        Assert.Empty(await Crm.GetAccountsAsync(""));
    }

    [Fact]
    public async Task Identity_is_verified_when_date_of_birth_and_postcode_match()
    {
        var check = await Crm.VerifyIdentityAsync("C001", new DateOnly(1986, 3, 14), "94110");
        Assert.True(check.Verified);
        Assert.Empty(check.Mismatched);
        Assert.True((await Crm.VerifyIdentityAsync("c004", new DateOnly(1975, 1, 30), "100020")).Verified);
    }

    [Fact]
    public async Task A_wrong_date_of_birth_is_named_without_revealing_the_stored_one()
    {
        var check = await Crm.VerifyIdentityAsync("C001", new DateOnly(1986, 4, 13), "94110");
        Assert.False(check.Verified);
        Assert.Equal([IdentityFactors.DateOfBirth], check.Mismatched);
    }

    [Fact]
    public async Task A_wrong_postcode_is_named_and_both_wrong_name_both()
    {
        var wrongPostcode = await Crm.VerifyIdentityAsync("C003", new DateOnly(1992, 7, 21), "200032");
        Assert.False(wrongPostcode.Verified);
        Assert.Equal([IdentityFactors.Postcode], wrongPostcode.Mismatched);

        var bothWrong = await Crm.VerifyIdentityAsync("C003", new DateOnly(1992, 7, 12), "");
        Assert.False(bothWrong.Verified);
        Assert.Equal([IdentityFactors.DateOfBirth, IdentityFactors.Postcode], bothWrong.Mismatched);
    }

    [Theory]
    [InlineData("C006", "m5v3l9")]
    [InlineData("C006", " M5V  3l9 ")]
    [InlineData("C006", "m5v 3L9")]
    [InlineData("C003", "200 031")]
    [InlineData("C003", "２０００３１")]
    public async Task Postcodes_match_ignoring_case_and_spaces(string customerId, string postcode)
    {
        var dateOfBirth = customerId == "C006" ? new DateOnly(1968, 12, 5) : new DateOnly(1992, 7, 21);
        var check = await Crm.VerifyIdentityAsync(customerId, dateOfBirth, postcode);
        Assert.True(check.Verified);
        Assert.Empty(check.Mismatched);
    }

    [Fact]
    public async Task An_unknown_customer_fails_every_factor()
    {
        var check = await Crm.VerifyIdentityAsync("C999", new DateOnly(1986, 3, 14), "94110");
        Assert.False(check.Verified);
        Assert.Equal(IdentityFactors.All, check.Mismatched);
        Assert.Equal(IdentityFactors.All, (await Crm.VerifyIdentityAsync("", new DateOnly(1986, 3, 14), "94110")).Mismatched);
    }

    [Fact]
    public async Task Freezing_a_card_succeeds_once_and_asking_again_answers_already_frozen()
    {
        Assert.Equal(new FreezeOutcome(true, CrmRefusal.None, AccountStatuses.Frozen), await Crm.FreezeCardAsync("AC1003"));
        Assert.Equal(AccountStatuses.Frozen, (await Crm.GetAccountsAsync("C001")).Single(a => a.Id == "AC1003").Status);
        Assert.Equal(new FreezeOutcome(false, CrmRefusal.AlreadyFrozen, AccountStatuses.Frozen), await Crm.FreezeCardAsync("ac1003"));
        Assert.Equal(new FreezeOutcome(false, CrmRefusal.AlreadyFrozen, AccountStatuses.Frozen), await Crm.FreezeCardAsync("AC5002"));
        Assert.All((await Crm.GetAccountsAsync("C001")).Where(a => a.Id != "AC1003"), a => Assert.Equal(AccountStatuses.Active, a.Status));
    }

    [Theory]
    [InlineData("AC1001", CrmRefusal.NotACard, AccountStatuses.Active)]
    [InlineData("AC4002", CrmRefusal.NotACard, AccountStatuses.Active)]
    [InlineData("AC9999", CrmRefusal.AccountNotFound, null)]
    [InlineData("", CrmRefusal.AccountNotFound, null)]
    public async Task Freezing_anything_but_a_card_is_refused(string accountId, CrmRefusal refusal, string? status)
    {
        Assert.Equal(new FreezeOutcome(false, refusal, status), await Crm.FreezeCardAsync(accountId));
        Assert.All(await Crm.GetAccountsAsync("C001"), a => Assert.Equal(AccountStatuses.Active, a.Status));
        Assert.All(await Crm.GetAccountsAsync("C004"), a => Assert.Equal(AccountStatuses.Active, a.Status));
    }

    [Fact]
    public async Task Concurrent_freezes_of_one_card_freeze_it_exactly_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Crm.FreezeCardAsync("AC4003"))));
        Assert.Single(outcomes, o => o.Frozen);
        Assert.All(outcomes.Where(o => !o.Frozen), o => Assert.Equal(CrmRefusal.AlreadyFrozen, o.Refusal));
        Assert.All(outcomes, o => Assert.Equal(AccountStatuses.Frozen, o.Status));
    }

    [Fact]
    public async Task Concurrent_returns_of_one_order_issue_one_rma()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Crm.StartReturnAsync("A1006", null))));
        Assert.All(outcomes, o => Assert.True(o.Accepted));
        Assert.Single(outcomes.Select(o => o.Rma).Distinct());
        Assert.Single(outcomes, o => !o.AlreadyRequested);
        Assert.Equal(outcomes[0].Rma, (await Crm.GetOrderAsync("A1006"))?.ReturnRma);
    }
}
