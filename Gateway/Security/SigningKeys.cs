using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Security;

/// <summary>
/// The key that signs tokens and protects the sign-in cookie (<see cref="SecurityOptions.SigningKey"/>), and the one before
/// it. Each use gets a key of its own derived with HKDF, so a token's MAC key never doubles as the cookie's cipher key.
/// </summary>
public sealed class SigningKeys
{
    public const int MinKeyBytes = 32;

    private readonly byte[] _current;
    private readonly byte[]? _previous;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[][]> _derived = new(StringComparer.Ordinal);

    public SigningKeys(IOptions<SecurityOptions> options, ILogger<SigningKeys> logger)
    {
        var settings = options.Value;
        if (settings.SigningKey is { Length: > 0 } configured)
        {
            _current = Decode(configured, nameof(SecurityOptions.SigningKey));
        }
        else
        {
            _current = RandomNumberGenerator.GetBytes(MinKeyBytes);
            Ephemeral = true;
            logger.LogWarning(
                "Security:SigningKey is not set: this process signs tokens and cookies with a random key of its own; they end when it stops and no other process accepts them. Set one (CallCenter.Silo new-signing-key) for more than one process or to keep sign-ins across restarts.");
        }

        _previous = settings.PreviousSigningKey is { Length: > 0 } previous ? Decode(previous, nameof(SecurityOptions.PreviousSigningKey)) : null;
    }

    /// <summary>True when no key was configured and this process made one up.</summary>
    public bool Ephemeral { get; }

    /// <summary>The key to sign with for <paramref name="use"/>.</summary>
    public byte[] Current(string use) => Accepted(use)[0];

    /// <summary>The keys to check a signature for <paramref name="use"/> against: the current one, then the previous.</summary>
    public byte[][] Accepted(string use) => _derived.GetOrAdd(use, u => _previous is null ? [Derive(_current, u)] : [Derive(_current, u), Derive(_previous, u)]);

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinKeyBytes));

    /// <summary>Null when <paramref name="text"/> is a usable key; otherwise what is wrong with it (never the key).</summary>
    public static string? Problem(string? text)
    {
        try
        {
            return Convert.FromBase64String(text ?? "").Length >= MinKeyBytes ? null : $"it must be at least {MinKeyBytes} bytes";
        }
        catch (FormatException)
        {
            return "it must be base64";
        }
    }

    private static byte[] Decode(string text, string name) => Problem(text) is { } problem
        ? throw new InvalidOperationException($"Security:{name} is not usable: {problem} (make one with `CallCenter.Silo new-signing-key`).")
        : Convert.FromBase64String(text);

    private static byte[] Derive(byte[] key, string use) => HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("callcenter:" + use));
}
