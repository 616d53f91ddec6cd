using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>
/// The token a chat caller gets when their call starts: it opens that call and no other (reading it, talking in it,
/// hanging up, reconnecting /ws/chat), for <see cref="SecurityOptions.CallerTokenMinutes"/>.
/// </summary>
public sealed class CallerTokens(SignedTokens tokens, IOptions<SecurityOptions> options)
{
    public string Issue(string callId) => tokens.Issue(TokenPurposes.Caller, callId, TimeSpan.FromMinutes(options.Value.CallerTokenMinutes));
}
