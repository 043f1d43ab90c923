using System.Globalization;

namespace StatementTracker.Api.Data;

/// <summary>How instants are written to and read from the database: ISO 8601 UTC text that sorts as it reads.</summary>
public static class UtcText
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTime utc) => utc.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Milliseconds since the Unix epoch: how sort keys and cut-offs are stored and compared.</summary>
    public static long ToUnixMs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
