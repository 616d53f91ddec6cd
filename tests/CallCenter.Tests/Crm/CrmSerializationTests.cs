using CallCenter.Crm;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CallCenter.Tests.Crm;

/// <summary>The finance records cross grain calls: they must survive Orleans serialization whole (money and dates exact).</summary>
public sealed class CrmSerializationTests
{
    [Fact]
    public void Accounts_identity_checks_and_freeze_outcomes_survive_orleans_serialization()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        T RoundTrip<T>(T value) where T : class => serializer.Deserialize<T>(serializer.SerializeToArray(value))!;

        var account = new Account("AC3002", "C003", AccountKinds.CreditCard, "5521", -2316.00m, "CNY", AccountStatuses.Active,
            [new Transaction(new DateOnly(2026, 11, 23), "京东商城", -1399.00m, "CNY")]);
        var copy = RoundTrip(account);
        Assert.Equal(account with { Recent = [] }, copy with { Recent = [] });
        Assert.Equal(account.Recent, copy.Recent);

        var check = RoundTrip(new IdentityCheck(false, [IdentityFactors.Postcode]));
        Assert.False(check.Verified);
        Assert.Equal([IdentityFactors.Postcode], check.Mismatched);

        var outcome = new FreezeOutcome(false, CrmRefusal.AlreadyFrozen, AccountStatuses.Frozen);
        Assert.Equal(outcome, RoundTrip(outcome));
    }
}
