using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace StatementTracker.Api.Auth;

/// <summary>How keys are made, checked for shape and hashed. A key is shown once; the database keeps only its hash.</summary>
public static class ApiKeys
{
    public const string Prefix = "stk_";

    /// <summary>
    /// The longest key accepted. Generated keys are 47 characters; a bootstrap key may be any long random token,
    /// but hashing a megabyte of header for every request is not a service we offer.
    /// </summary>
    public const int MaxLength = 256;

    /// <summary>The shortest key accepted: 32 characters of a random token carry enough to be unguessable.</summary>
    public const int MinLength = 32;

    /// <summary>A new key: <c>stk_</c> and 32 random bytes in base64url, so it is unguessable and survives URLs and shells.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Whether a value could be a key: 32 to 256 token characters (RFC 7235's token68: letters, digits and
    /// <c>-._~+/=</c>). Anything else is refused before it costs a hash and a look-up.
    /// </summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: >= MinLength and <= MaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=');

    /// <summary>The hash stored for a key: lower-case hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Whether a stored hash is the hash of <paramref name="key"/>, compared in constant time: the row was found by
    /// its hash, and this second look makes sure no comparison anywhere tells an attacker how close a guess came.
    /// </summary>
    public static bool Matches(string storedHash, string key)
    {
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != stored.Length * 2 || Convert.FromHexString(storedHash, stored, out _, out _) != System.Buffers.OperationStatus.Done) return false;
        return CryptographicOperations.FixedTimeEquals(stored, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
