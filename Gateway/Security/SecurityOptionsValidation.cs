using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>Stops the start when the "Security" section cannot work, naming the setting (never a secret's value).</summary>
public sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var problems = new List<string>();
        foreach (var (user, settings) in options.Users)
        {
            if (PasswordHashes.Problem(settings.PasswordHash) is { } problem)
            {
                problems.Add($"Security:Users:{user}:PasswordHash is {problem}.");
            }

            if (Roles.Parse(settings.Roles).Length == 0)
            {
                problems.Add($"Security:Users:{user}:Roles names no role (agent, supervisor, admin, caller).");
            }
        }

        foreach (var (key, settings) in options.ApiKeys)
        {
            if (ApiKeyHashes.Problem(settings.Hash) is { } problem)
            {
                problems.Add($"Security:ApiKeys:{key}:Hash is {problem}.");
            }

            if (Roles.Parse(settings.Roles).Length == 0)
            {
                problems.Add($"Security:ApiKeys:{key}:Roles names no role (agent, supervisor, admin, caller).");
            }
        }

        foreach (var (setting, value) in new[] { ("SigningKey", options.SigningKey), ("PreviousSigningKey", options.PreviousSigningKey) })
        {
            if (!string.IsNullOrEmpty(value) && SigningKeys.Problem(value) is { } problem)
            {
                problems.Add($"Security:{setting} is not usable: {problem} (make one with `CallCenter.Silo new-signing-key`).");
            }
        }

        if (NetworkList.Parse(options.TrustedProxies, out var networkProblem) is var _ && networkProblem is not null)
        {
            problems.Add($"Security:TrustedProxies: {networkProblem}.");
        }

        if (options.CallerTokenMinutes <= 0 || options.SessionMinutes <= 0 || options.MediaTicketSeconds <= 0)
        {
            problems.Add("Security:CallerTokenMinutes, SessionMinutes and MediaTicketSeconds must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
