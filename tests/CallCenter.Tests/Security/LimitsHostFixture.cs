using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>
/// A host of its own with small limits, so its tests reach each one; each test speaks from loopback addresses of its
/// own (<see cref="LoopbackSource"/>), so the per-source budgets are never shared between tests.
/// </summary>
public sealed class LimitsHostFixture : ApiHostFixture
{
    public const int SourceBurst = 10;
    public const int CallerBurst = 3;
    public const int PrincipalBurst = 5;
    public const int CallStartsPerMinute = 2;
    public const int SignInsPerMinute = 2;
    public const int ConnectionsPerSource = 2;
    public const int MaxRequestBodyBytes = 2048;
    public const int MaxChatMessageBytes = 512;
    public const int MaxTwilioMessageBytes = 4096;
    public const int MaxAudioFrameMilliseconds = 100;

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        // Slow refills (one every 5 s): a test's quick burst is not topped up on its way.
        ["Limits:SourceRequestsPerSecond"] = "0.2",
        ["Limits:SourceBurst"] = SourceBurst.ToString(),
        ["Limits:CallerRequestsPerSecond"] = "0.2",
        ["Limits:CallerBurst"] = CallerBurst.ToString(),
        ["Limits:PrincipalRequestsPerSecond"] = "0.2",
        ["Limits:PrincipalBurst"] = PrincipalBurst.ToString(),
        ["Limits:CallStartsPerMinute"] = CallStartsPerMinute.ToString(),
        ["Limits:SignInsPerMinute"] = SignInsPerMinute.ToString(),
        ["Limits:ConnectionsPerSource"] = ConnectionsPerSource.ToString(),
        ["Limits:TelephonyConnectionsPerSource"] = "1",
        ["Limits:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(),
        ["Limits:MaxChatMessageBytes"] = MaxChatMessageBytes.ToString(),
        ["Limits:MaxTwilioMessageBytes"] = MaxTwilioMessageBytes.ToString(),
        ["Limits:MaxAudioFrameMilliseconds"] = MaxAudioFrameMilliseconds.ToString(),
        ["Security:AnonymousSoftphone"] = "true",
        ["Voice:Engines:Recognizer"] = "PassThrough",
    });
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsHostFixture>
{
    public const string Name = "limits";
}
