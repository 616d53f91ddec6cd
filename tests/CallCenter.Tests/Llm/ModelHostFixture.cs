using CallCenter.FakeOpenAi;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Llm;

/// <summary>
/// The real web host with a language model configured: a fake OpenAI/Azure OpenAI server on a real socket answers as
/// <see cref="ScriptedModel"/> unless a test scripts it otherwise. <see cref="Provider"/> picks the client path.
/// </summary>
public abstract class ModelHostFixture(string provider) : ApiHostFixture
{
    public FakeOpenAiServer Model { get; private set; } = null!;

    public string Provider => provider;

    /// <summary>Short waits so the slow-model cases run quickly; the ratios are the production ones.</summary>
    public const int FillerAfterMs = 400;
    public const int HardLimitMs = 3000;

    protected override async Task<Dictionary<string, string?>> ExtraSettingsAsync()
    {
        Model = await FakeOpenAiServer.StartAsync(ScriptedModel.Respond);
        var azure = provider == "Azure";
        var settings = new Dictionary<string, string?>
        {
            ["Llm:FillerAfterMs"] = FillerAfterMs.ToString(),
            ["Llm:HardLimitMs"] = HardLimitMs.ToString(),
            ["Llm:RetryBaseDelayMs"] = "50",
            ["Llm:CircuitFailures"] = "1000", // the circuit has its own tests; here a failure must not change later tests
        };
        foreach (var (tier, model) in new[] { ("Small", "small-model"), ("Large", "large-model") })
        {
            settings[$"Llm:{tier}:Provider"] = provider;
            settings[$"Llm:{tier}:Endpoint"] = azure ? Model.Root.ToString() : Model.OpenAiEndpoint.ToString();
            settings[$"Llm:{tier}:Model"] = model;
            settings[$"Llm:{tier}:ApiKey"] = "test-key";
        }

        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

public sealed class OpenAiModelHostFixture() : ModelHostFixture("OpenAI");

public sealed class AzureModelHostFixture() : ModelHostFixture("Azure");

[CollectionDefinition(Name)]
public sealed class OpenAiModelCollection : ICollectionFixture<OpenAiModelHostFixture>
{
    public const string Name = "model-openai";
}

[CollectionDefinition(Name)]
public sealed class AzureModelCollection : ICollectionFixture<AzureModelHostFixture>
{
    public const string Name = "model-azure";
}
