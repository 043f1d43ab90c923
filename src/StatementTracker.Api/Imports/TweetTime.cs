using System.Globalization;

namespace StatementTracker.Api.Imports;

/// <summary>
/// When a tweet was posted, read from its id: since November 2010 ids are Snowflake ids, whose bits above the 22nd
/// count milliseconds since Twitter's epoch. That is exact to the second where a scraped date column may not be, and it
/// needs no guess about the column's time zone.
/// </summary>
internal static class TweetTime
{
    public const long TwitterEpochMs = 1288834974657;

    private static readonly TimeZoneInfo Central = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    /// <summary>The instant in US Central time (where the archive's dates are), cut to the second.</summary>
    public static DateTimeOffset CentralFromId(long id)
    {
        var ms = (id >> 22) + TwitterEpochMs;
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(ms - ms % 1000);
        return TimeZoneInfo.ConvertTime(utc, Central);
    }

    /// <summary>2017-07-09T06:50:24-05:00: the local time and the offset in force at that instant.</summary>
    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
