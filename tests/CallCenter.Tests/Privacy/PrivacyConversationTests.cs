using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Records;
using CallCenter.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Streams;

namespace CallCenter.Tests.Privacy;

/// <summary>
/// Callers read out card numbers, Social Security numbers, phone numbers and e-mail addresses to a bank's model-driven
/// assistant. The CRM gets the real values it needs; the model's requests, the stored transcript and records, the call
/// events, the logs, the metrics and the persisted grain state never hold them.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class PrivacyConversationTests(PrivacyHostFixture host)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task A_card_number_read_out_reaches_the_freeze_tool_and_nothing_else()
    {
        var events = await ListenAsync();
        var call = await _api.StartAsync("en", customerPhone: "+15550100");

        var verified = await _api.SayAsync(call.CallId, "born 1986-03-14, postcode 94110");
        var frozen = await _api.SayAsync(call.CallId, "please freeze my card 4532 0151 2348 9012");

        // Identity verification still works (the date of birth and postcode are not masked) and the tool got the number.
        Assert.Equal("Thank you, you are verified.", verified.Reply);
        Assert.Contains(host.Crm.Requests, r => r == $"POST /crm/customers/C001/verify-identity {{\"date_of_birth\":\"1986-03-14\",\"postcode\":\"94110\"}}");
        Assert.Contains(host.Crm.Requests, r => r.StartsWith("POST /crm/accounts/AC1003/freeze", StringComparison.Ordinal));
        // The model saw a placeholder and said it back; the caller heard the last four digits.
        Assert.Contains(host.Model.Calls, c => c.LastUserText == "please freeze my card [CARD_1 ****9012]");
        Assert.Equal("Your card ending in 9012 is frozen.", frozen.Reply);
        var record = await _api.GetAsync(call.CallId);
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.Caller && t.Text == "please freeze my card [CARD_1 ****9012]");

        await AssertKeptNowhereAsync(call.CallId, events, "4532015123489012", "4532 0151 2348 9012", "5550100");
    }

    [Fact]
    public async Task A_social_security_number_and_an_email_address_are_never_shown_to_the_model()
    {
        var events = await ListenAsync();
        var call = await _api.StartAsync("en", customerPhone: "+15550101");

        var noted = await _api.SayAsync(call.CallId, "my SSN is 123-45-6789 and my email is bob.m@example.com");

        Assert.Contains(host.Model.Calls, c => c.LastUserText == "my SSN is [SSN_1] and my email is [EMAIL_1]");
        Assert.Equal("Thanks, I have noted your Social Security number and your e-mail address.", noted.Reply);
        await AssertKeptNowhereAsync(call.CallId, events, "123-45-6789", "123456789", "bob.m@example.com");
    }

    [Theory]
    [InlineData("en", "555 0101", "who am I? my number is ", "5550101", "You are Bob Martinez.")]
    [InlineData("zh", "１３８００００００01", "我是谁？我的手机号是", "13800000001", "You are 王芳.")]
    public async Task A_phone_number_said_in_the_call_finds_the_customer_through_its_placeholder(
        string language, string number, string question, string crmGot, string reply)
    {
        var said = question + number;
        var events = await ListenAsync();
        var call = await _api.StartAsync(language);

        var answer = await _api.SayAsync(call.CallId, said);

        Assert.Equal(reply, answer.Reply);
        Assert.Contains(host.Model.Calls, c => c.LastUserText == question + (language == "en" ? "[PHONE_1]" : "[PHONE_1 ****0001]"));
        Assert.Contains(host.Crm.Requests, r => r == $"GET /crm/customers?phone={crmGot}");
        Assert.Equal(EntityTypes.Phone, Assert.Single(answer.Entities, e => e.Value.StartsWith("[PHONE_1", StringComparison.Ordinal)).Type);
        await AssertKeptNowhereAsync(call.CallId, events, crmGot, number);
    }

    [Fact]
    public async Task A_CRM_failure_that_quotes_the_number_in_its_error_is_logged_masked()
    {
        var call = await _api.StartAsync("en");

        var answer = await _api.SayAsync(call.CallId, $"who am I? my number is {PrivacyHostFixture.BrokenLookupDigits}");

        // The CRM was asked for the real number and failed; the model's turn fell back to the embedded brain and the
        // warning says why, quoting the CRM's URL, with the number masked.
        Assert.Equal("fallback", answer.Brain);
        Assert.Contains(host.Crm.Requests, r => r == $"GET /crm/customers?phone={PrivacyHostFixture.BrokenLookupDigits}");
        var warning = Assert.Single(host.Logs.Entries, e => e.Message.Contains(call.CallId, StringComparison.Ordinal) && e.Message.Contains("did not answer", StringComparison.Ordinal));
        Assert.Contains("customers?phone=[PHONE]", warning.Message);
        Assert.DoesNotContain(PrivacyHostFixture.BrokenLookupDigits, host.Logs.AllText);
    }

    [Fact]
    public async Task The_values_survive_the_call_moving_sealed_and_leave_the_state_when_it_ends()
    {
        var call = await _api.StartAsync("en", customerPhone: "+15550102");
        await _api.SayAsync(call.CallId, "my SSN is 123-45-6789");
        Assert.DoesNotContain("123456789", GrainStateText(call.CallId));
        Assert.All(StoredState(call.CallId).Vault, entry => Assert.NotNull(entry.Sealed));

        // Deactivated (as on a silo's shutdown or idle collection), the call reads its sealed vault back: the same
        // number is the same placeholder, and a new one the next.
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICallGrain>(call.CallId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await _api.SayAsync(call.CallId, "again, it is 123 45 6789, and my wife's is 219-09-9999");

        Assert.Contains(host.Model.Calls, c => c.LastUserText == "again, it is [SSN_1], and my wife's is [SSN_2]");
        Assert.Equal(["PHONE_1", "SSN_1", "SSN_2"], StoredState(call.CallId).Vault.Select(e => e.Token));

        // Once the call is over nothing needs the values: the vault leaves the state with the last write.
        await _api.HangUpAsync(call.CallId);
        var ended = StoredState(call.CallId);
        Assert.Empty(ended.Vault);
        Assert.Equal("[PHONE_1 ****0102]", ended.CallerPhoneToken);
        Assert.Null(ended.CallerPhone);
    }

    /// <summary>
    /// None of <paramref name="secrets"/> in anything the engine keeps or sends on about the call: the model's requests,
    /// the call as the API shows it, its durable record, the call list, the call events, the logs, the metrics, and the
    /// grain state on disk.
    /// </summary>
    private async Task AssertKeptNowhereAsync(string callId, ConcurrentQueue<CallEvent> events, params string[] secrets)
    {
        var record = await host.Services.GetRequiredService<ICallRecordStore>().GetAsync(callId);
        var places = new Dictionary<string, string>
        {
            ["model requests"] = string.Join("\n", host.Model.Calls.Select(c => c.Body.GetRawText())),
            ["GET /api/calls/{id}"] = await host.Http.GetStringAsync($"api/calls/{callId}"),
            ["call record"] = JsonSerializer.Serialize(record, ApiJson.Options),
            ["GET /api/calls"] = await host.Http.GetStringAsync("api/calls?limit=1000"),
            ["call events"] = string.Join("\n", await EventTextsAsync(events, callId)),
            ["logs"] = host.Logs.AllText,
            ["metrics"] = await host.Http.GetStringAsync("metrics"),
            ["grain state"] = GrainStateText(callId),
        };
        Assert.NotNull(record);
        foreach (var (place, text) in places)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"'{secret}' is in the {place}");
            }
        }
    }

    private async Task<ConcurrentQueue<CallEvent>> ListenAsync()
    {
        var received = new ConcurrentQueue<CallEvent>();
        var stream = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(CallEventStreams.Provider).GetStream<CallEvent>(CallEventStreams.AllCalls);
        await stream.SubscribeAsync((e, _) =>
        {
            received.Enqueue(e);
            return Task.CompletedTask;
        });
        return received;
    }

    /// <summary>The call's events once its last turn's bot reply has arrived on the stream.</summary>
    private static async Task<string[]> EventTextsAsync(ConcurrentQueue<CallEvent> events, string callId)
    {
        for (var i = 0; i < 150 && !events.Any(e => e.CallId == callId && e.Kind == CallEventKind.BotTurn); i++)
        {
            await Task.Delay(100);
        }

        var texts = events.Where(e => e.CallId == callId).Select(e => e.Text ?? "").ToArray();
        Assert.NotEmpty(texts);
        return texts;
    }

    /// <summary>The call grain's persisted state as stored in SQLite, read as text (strings are UTF-8 in Orleans' format).</summary>
    private string GrainStateText(string callId) => Encoding.UTF8.GetString(GrainStateBytes(callId));

    private CallState StoredState(string callId) =>
        host.Services.GetRequiredService<Orleans.Serialization.Serializer>().Deserialize<CallState>(GrainStateBytes(callId))!;

    private byte[] GrainStateBytes(string callId)
    {
        using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_id LIKE '%' || $id";
        command.Parameters.AddWithValue("$id", callId);
        var data = command.ExecuteScalar() as byte[];
        Assert.NotNull(data);
        return data;
    }
}
