using CallCenter.Calls;
using CallCenter.Dialogue;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Crm;

/// <summary>A host whose external CRM never answers (nothing listens at its address) from the moment it starts.</summary>
public sealed class CrmDownHostFixture : ApiHostFixture
{
    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Crm:Connector"] = "Http",
        ["Crm:BaseUrl"] = $"http://127.0.0.1:{TestPaths.FreePort()}/crm/",
        ["Crm:TimeoutSeconds"] = "2",
    });
}

[CollectionDefinition(Name)]
public sealed class CrmDownCollection : ICollectionFixture<CrmDownHostFixture>
{
    public const string Name = "crm-down";
}

/// <summary>
/// The business systems are down: calls still start (unidentified), product questions and order questions are answered
/// plainly instead of failing, and the caller can still reach a person.
/// </summary>
[Collection(CrmDownCollection.Name)]
public sealed class CrmDownTests(CrmDownHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task A_call_from_a_known_number_starts_unidentified_and_every_turn_is_answered()
    {
        var started = await _api.StartAsync("en", customerPhone: "+14155550101");
        Assert.False(string.IsNullOrWhiteSpace(started.Greeting));

        var order = await _api.SayAsync(started.CallId, "where is my order A1001");
        Assert.Equal(Replies.SystemUnavailable(Language.En), order.Reply);

        var product = await _api.SayAsync(started.CallId, "how much are the aero buds pro");
        Assert.False(string.IsNullOrWhiteSpace(product.Reply));

        var person = await _api.SayAsync(started.CallId, "talk to a human");
        Assert.True(person.Handoff);

        var call = await _api.GetAsync(started.CallId);
        Assert.Null(call.CustomerId);
        Assert.Equal(3, call.Turns.Count(t => t.Speaker == Speaker.Caller));
    }
}
