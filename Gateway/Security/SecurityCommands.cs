namespace CallCenter.Gateway.Security;

/// <summary>
/// Making credentials for configuration, as commands of the silo program (so nothing else needs installing):
/// <c>hash-password [user]</c> reads a password on standard input and prints its PBKDF2 hash; <c>new-api-key name roles</c>
/// prints a new key (shown once) and the hash to configure; <c>new-signing-key</c> prints a signing key.
/// </summary>
public static class SecurityCommands
{
    public static bool Handles(string[] args) => args is ["hash-password", ..] or ["new-api-key", ..] or ["new-signing-key"];

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            case ["hash-password", .. var rest] when rest.Length <= 1:
            {
                var password = ReadPassword(input, error);
                if (string.IsNullOrEmpty(password))
                {
                    error.WriteLine("hash-password: no password on standard input.");
                    return 1;
                }

                var hash = PasswordHashes.Hash(password);
                output.WriteLine(rest is [var user]
                    ? $"Security__Users__{user}__PasswordHash={hash}"
                    : hash);
                return 0;
            }

            case ["new-api-key", var name, var roles]:
            {
                if (Roles.Parse(roles).Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.'))
                {
                    error.WriteLine("new-api-key: give a name (letters, digits, - _ .) and roles (agent, supervisor, admin, caller; comma-separated).");
                    return 1;
                }

                var key = ApiKeyHashes.NewKey();
                output.WriteLine($"# The key, shown this once: give it to the client (Authorization: Bearer {key[..8]}…).");
                output.WriteLine($"API key: {key}");
                output.WriteLine("# The configuration (environment form): only the hash is stored.");
                output.WriteLine($"Security__ApiKeys__{name}__Hash={ApiKeyHashes.Hash(key)}");
                output.WriteLine($"Security__ApiKeys__{name}__Roles={string.Join(',', Roles.Parse(roles))}");
                return 0;
            }

            case ["new-signing-key"]:
                output.WriteLine(SigningKeys.NewKey());
                return 0;

            default:
                error.WriteLine("Usage: hash-password [user] (password on standard input) | new-api-key NAME ROLES | new-signing-key");
                return 2;
        }
    }

    /// <summary>From a terminal without echoing it; otherwise the first line of the input (a pipe or a file).</summary>
    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine();
        }

        error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        error.WriteLine();
        return password.ToString();
    }
}
