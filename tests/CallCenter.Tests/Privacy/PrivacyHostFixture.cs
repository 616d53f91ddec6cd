using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.Crm;
using CallCenter.FakeOpenAi;
using CallCenter.Tests.Crm;
using CallCenter.Tests.Infrastructure;
using CallCenter.Tests.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Privacy;

/// <summary>
/// A bank's host with everything a leak could go through: the finance pack on a model (the fake OpenAI server keeps
/// every request body it received), an external CRM over HTTP (the contract server keeps every request it was asked),
/// the vault key set, and a log provider keeping every entry from Information up.
/// </summary>
public sealed class PrivacyHostFixture() : ModelHostFixture("OpenAI")
{
    /// <summary>The CRM answers 500 to any lookup of this number, as a CRM does when its database is down.</summary>
    public const string BrokenLookupDigits = "5550199";

    private CrmTestDatabase? _crmDatabase;

    internal CrmContractServer Crm { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Logging.AddProvider(Logs);
        builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Information);
    }

    protected override async Task<Dictionary<string, string?>> ExtraSettingsAsync()
    {
        var settings = await base.ExtraSettingsAsync();
        _crmDatabase = new CrmTestDatabase();
        Crm = await CrmContractServer.StartAsync(new SqliteCrmConnector(_crmDatabase.Database, Clock), "crm-key",
            request => request.Query["phone"].ToString().Contains(BrokenLookupDigits, StringComparison.Ordinal));
        settings["Crm:Connector"] = "Http";
        settings["Crm:BaseUrl"] = Crm.Root + "/crm";
        settings["Crm:ApiKey"] = "crm-key";
        settings["Llm:DomainPack"] = "finance";
        settings["Privacy:VaultKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Model.Script(PrivacyModel.Respond);
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Crm.DisposeAsync();
        if (_crmDatabase is not null)
        {
            await _crmDatabase.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyHostFixture>
{
    public const string Name = "privacy";
}

/// <summary>
/// A model that works only with what it is shown: it passes the caller's placeholders to the tools as they are and
/// repeats them in its answers, as a model told about placeholders does.
/// </summary>
internal static partial class PrivacyModel
{
    public static ModelResponse Respond(ModelCall call)
    {
        var said = call.LastUserText;
        if (call.ToolResults.Count > 0)
        {
            var (name, result) = call.ToolResults[^1];
            return (name, result) switch
            {
                (_, var r) when r.TryGetProperty("error", out var error) => Say("Sorry, " + error.GetString()),
                ("verify_identity", var r) => Say(r.GetProperty("verified").GetBoolean() ? "Thank you, you are verified." : "I could not verify you."),
                ("freeze_card", var r) when r.GetProperty("frozen").GetBoolean() => Say($"Your card {Placeholder(said, "CARD")} is frozen."),
                ("lookup_customer", var r) when r.GetProperty("found").GetBoolean() => Say($"You are {r.GetProperty("name").GetString()}."),
                _ => Say("I could not find that."),
            };
        }

        if (said.StartsWith("born ", StringComparison.Ordinal))
        {
            var parts = said.Replace(",", "").Split(' ');
            return ModelResponse.Call(new ToolCall("verify_identity", JsonSerializer.Serialize(new { date_of_birth = parts[1], postcode = parts[^1] })));
        }

        if (Placeholder(said, "CARD") is { } card)
        {
            return ModelResponse.Call(new ToolCall("freeze_card", JsonSerializer.Serialize(new { last4 = card })));
        }

        if (Placeholder(said, "PHONE") is { } phone)
        {
            return ModelResponse.Call(new ToolCall("lookup_customer", JsonSerializer.Serialize(new { phone })));
        }

        var placeholders = Placeholders().Matches(said).Select(m => m.Value).ToArray();
        return Say(placeholders.Length > 0 ? $"Thanks, I have noted {string.Join(" and ", placeholders)}." : "How can I help?");
    }

    private static string? Placeholder(string text, string kind) =>
        Placeholders().Matches(text).FirstOrDefault(m => m.Groups["kind"].Value == kind)?.Value;

    private static ModelResponse Say(string text) => ModelResponse.Say($$"""[sure] {{text}} {"intent":"provide_info","emotion":0}""");

    [GeneratedRegex(@"\[(?<kind>[A-Z]+)_\d+[^\]]*\]")]
    private static partial Regex Placeholders();
}
