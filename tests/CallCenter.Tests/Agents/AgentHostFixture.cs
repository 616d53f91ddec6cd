using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>A host of its own for the human-in-the-loop tests: its queue and agents see only these tests' calls.</summary>
public sealed class AgentHostFixture : ApiHostFixture
{
    public const int OfferTimeoutSeconds = 2;

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Agents:OfferTimeoutSeconds"] = OfferTimeoutSeconds.ToString(),
        ["Agents:WrapUpSeconds"] = "1",
        ["Agents:DisconnectGraceSeconds"] = "1",
        // These tests are about routing and bridging, not recognition (keypad turns drive them): the pass-through
        // recognizer keeps them from waiting for PocketSphinx decoders that other collections' voice tests hold.
        ["Voice:Engines:Recognizer"] = "PassThrough",
    });
}

[CollectionDefinition(Name)]
public sealed class AgentCollection : ICollectionFixture<AgentHostFixture>
{
    public const string Name = "agents";
}
