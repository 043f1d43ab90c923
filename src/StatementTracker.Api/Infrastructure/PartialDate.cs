using System.Globalization;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Infrastructure;

public enum DatePrecision { Year = 0, Month = 1, Day = 2, Minute = 3, Second = 4 }

/// <summary>
/// An ISO 8601 date as precise as the record allows: a year, a month, a day, or a time of day with the
/// speaker's own UTC offset. <see cref="Start"/> is the UTC instant the value covers (a date without a time
/// counts as UTC), which is what timelines sort by.
/// </summary>
public sealed partial record PartialDate(string Text, DatePrecision Precision, DateTime Start, DateTime End, TimeSpan? Offset)
{
    public const string FormatHint = "an ISO 8601 date: YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fff]] with Z or a ±hh:mm offset";

    /// <summary>The UTC instant, only when a time of day is known.</summary>
    public DateTime? Utc => Precision >= DatePrecision.Minute ? Start : null;

    public string PrecisionName => Precision.ToString().ToLowerInvariant();

    // [0-9], not \d: \d also matches Arabic-Indic and full-width digits, which int.Parse refuses.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(-(?<m>[0-9]{2})(-(?<d>[0-9]{2})(T(?<h>[0-9]{2}):(?<min>[0-9]{2})(:(?<s>[0-9]{2})(\.(?<f>[0-9]{1,7}))?)?(?<tz>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="error"/> says which rule it broke, worded to follow
    /// the field's name ("saidAt is impossible: ...").
    /// </summary>
    public static bool TryParse(string? text, out PartialDate? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "is required."; return false; }
        var match = Iso().Match(text);
        if (!match.Success) { error = $"must be {FormatHint}; '{Truncate(text)}' is not."; return false; }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1) { error = "must have a year of 0001 or later."; return false; }
        if (!match.Groups["m"].Success) return Done(text, DatePrecision.Year, new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, out value);

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) { error = $"is impossible: month {month:D2} does not exist (months run from 01 to 12)."; return false; }
        if (!match.Groups["d"].Success) return Done(text, DatePrecision.Month, new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc), null, out value);

        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > daysInMonth) { error = $"is impossible: {year:D4}-{month:D2} has no day {day:D2}; it has {daysInMonth} days."; return false; }
        if (!match.Groups["h"].Success) return Done(text, DatePrecision.Day, new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), null, out value);

        if (!match.Groups["tz"].Success) { error = "needs a UTC offset (Z or ±hh:mm) after its time of day, so that the instant is known."; return false; }
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 59) { error = "is impossible: the time of day must be between 00:00:00 and 23:59:59."; return false; }
        var ticks = 0L;
        if (match.Groups["f"].Success) ticks = long.Parse(match.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture);

        var offset = TimeSpan.Zero;
        var tz = match.Groups["tz"].Value;
        if (tz != "Z")
        {
            var offHours = int.Parse(tz.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var offMinutes = int.Parse(tz.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (offMinutes > 59 || offHours * 60 + offMinutes > 14 * 60) { error = "must have a UTC offset between -14:00 and +14:00."; return false; }
            offset = new TimeSpan(offHours, offMinutes, 0);
            if (tz[0] == '-') offset = -offset;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) { error = "falls outside the years 0001 to 9999 in UTC."; return false; }
        var utc = new DateTime(utcTicks);
        var precision = match.Groups["s"].Success ? DatePrecision.Second : DatePrecision.Minute;
        return Done(text, precision, DateTime.SpecifyKind(utc, DateTimeKind.Utc), offset, out value);
    }

    /// <summary>A value the database holds: it was validated on the way in, so failing to parse it is a bug.</summary>
    public static PartialDate ParseStored(string text) =>
        TryParse(text, out var value, out var error) ? value! : throw new InvalidOperationException($"Stored date '{text}' does not parse: {error}");

    /// <summary>The first instant after the period this value covers.</summary>
    private static DateTime EndOf(DateTime start, DatePrecision precision) => precision switch
    {
        DatePrecision.Year => start.AddYears(1),
        DatePrecision.Month => start.AddMonths(1),
        DatePrecision.Day => start.AddDays(1),
        DatePrecision.Minute => start.AddMinutes(1),
        _ => start.AddSeconds(1),
    };

    private static bool Done(string text, DatePrecision precision, DateTime start, TimeSpan? offset, out PartialDate value)
    {
        // The last year of the calendar has no "after"; its end is the largest instant there is.
        var end = start.Year == 9999 ? DateTime.MaxValue : EndOf(start, precision);
        value = new PartialDate(text, precision, start, DateTime.SpecifyKind(end, DateTimeKind.Utc), offset);
        return true;
    }

    /// <summary>This value cut down to a coarser precision, in UTC: the date part a day-precision value would have.</summary>
    public DateTime TruncatedTo(DatePrecision precision) => precision switch
    {
        DatePrecision.Year => new DateTime(Start.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        DatePrecision.Month => new DateTime(Start.Year, Start.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        DatePrecision.Day => DateTime.SpecifyKind(Start.Date, DateTimeKind.Utc),
        _ => Start,
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
