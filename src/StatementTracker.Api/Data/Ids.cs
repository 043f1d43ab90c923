using System.Security.Cryptography;

namespace StatementTracker.Api.Data;

/// <summary>
/// Opaque, stable identifiers: a short type prefix and 80 random bits in lower-case Crockford base32.
/// They carry no meaning (no row numbers to guess, nothing to parse), so they survive a move to another database.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[16];
        ulong high = BitConverter.ToUInt64(bytes[..8]);
        ushort low = BitConverter.ToUInt16(bytes[8..]);
        for (var i = 0; i < 12; i++) { chars[i] = Alphabet[(int)(high & 31)]; high >>= 5; }
        var rest = (high & 0xF) | ((ulong)low << 4);
        for (var i = 12; i < 16; i++) { chars[i] = Alphabet[(int)(rest & 31)]; rest >>= 5; }
        return $"{prefix}_{chars}";
    }
}
