using System.Globalization;

namespace StatementTracker.Api.Data;

/// <summary>How instants are written to and read from the database: ISO 8601 UTC text that sorts as it reads.</summary>
public static class UtcText
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTime utc) => utc.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Milliseconds since the Unix epoch: how sort keys and cut-offs are stored and compared.</summary>
    public static long ToUnixMs(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// The clock to the whole millisecond, the grain every stored instant and cut-off has: an answer taken "now" names
    /// this, so answers taken within one millisecond are the same bytes (the read cache writes each in only once).
    /// </summary>
    public static DateTime NowToTheMillisecond()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
