using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace StatementTracker.Api.Imports;

/// <summary>Each record is checked on its own, so one badly encoded line is reported where it is and the rest still read.</summary>
internal static class Utf8Check
{
    /// <summary>The 0-based offset of the first byte that is not valid UTF-8, or -1 when all of them are.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var used) != OperationStatus.Done) return offset;
            offset += used;
        }
        return -1;
    }
}
