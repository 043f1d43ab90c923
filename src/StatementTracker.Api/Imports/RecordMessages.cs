using System.Globalization;

namespace StatementTracker.Api.Imports;

/// <summary>The messages both readers give for a record they cannot read, worded the same way.</summary>
internal static class RecordMessages
{
    public static string TooLong(string record, long length, int maxBytes) => string.Create(CultureInfo.InvariantCulture,
        $"{record} is {length:N0} bytes long, more than the {maxBytes:N0} bytes one record may have; it was skipped unread.");

    public static string NotUtf8(string record, int offset) =>
        $"{record} is not valid UTF-8 at byte {offset + 1}; save the file as UTF-8.";
}
