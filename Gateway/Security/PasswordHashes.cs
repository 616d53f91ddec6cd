using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallCenter.Gateway.Security;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256 password hashes, written <c>pbkdf2-sha256$iterations$salt$hash</c> (base64): the format
/// configuration holds, so the cost can rise without invalidating the hashes already given out.
/// </summary>
public static class PasswordHashes
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (2023).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewer iterations than this are refused in configuration: such a hash is cheap to brute-force.</summary>
    public const int MinIterations = 100_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (iterations < MinIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"At least {MinIterations} iterations.");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Null when <paramref name="encoded"/> is a usable hash; otherwise what is wrong with it (never the hash itself).</summary>
    public static string? Problem(string? encoded) => Parse(encoded, out _, out _, out _);

    /// <summary>True when <paramref name="password"/> is the one hashed; the comparison takes the same time wherever they differ.</summary>
    public static bool Verify(string password, string encoded)
    {
        if (Parse(encoded, out var iterations, out var salt, out var expected) is not null)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A short, one-way stamp of the hash: sessions signed in with an old password end when the hash changes.</summary>
    public static string Stamp(string encoded) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(encoded)), 0, 8);

    private static string? Parse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = (encoded ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return $"not a {Scheme}$iterations$salt$hash value (make one with `CallCenter.Silo hash-password`)";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < MinIterations)
        {
            return $"the iteration count must be a whole number of at least {MinIterations}";
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return "the salt and the hash must be base64";
        }

        return salt.Length < 8 || hash.Length < 16 ? "the salt or the hash is too short" : null;
    }
}
