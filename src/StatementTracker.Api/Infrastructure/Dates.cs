namespace StatementTracker.Api.Infrastructure;

/// <summary>Every date a request carries (saidAt, publishedAt, from, to, asOf) is read and reported the same way.</summary>
public static class Dates
{
    public static PartialDate? Parse(string? text, string field, ValidationErrors errors)
    {
        if (PartialDate.TryParse(text, out var value, out var error)) return value;
        errors.Add(field, $"{field} {error}");
        return null;
    }

    /// <summary>A from/to pair: both optional, and to may not end before from starts.</summary>
    public static (PartialDate? From, PartialDate? To) Range(string? from, string? to, ValidationErrors errors)
    {
        var start = from is null ? null : Parse(from, "from", errors);
        var end = to is null ? null : Parse(to, "to", errors);
        if (start is not null && end is not null && start.Start >= end.End) errors.Add("to", "to must not be before from.");
        return (start, end);
    }

    /// <summary>
    /// An instant given as a date or a time (asOf, asRecordedAt): a time is that instant; a date (or month, or year)
    /// is its last millisecond, so 2017-07-09 covers the whole of 9 July in UTC. Null when absent or invalid.
    /// </summary>
    public static DateTime? Instant(string? text, string field, ValidationErrors errors)
    {
        if (text is null) return null;
        var date = Parse(text, field, errors);
        if (date is null) return null;
        if (date.Utc is { } instant) return instant;
        // The calendar's last period has no exclusive end; its end is the largest instant, cut to the millisecond.
        return date.End == DateTime.MaxValue
            ? date.End.AddTicks(-(date.End.Ticks % TimeSpan.TicksPerMillisecond))
            : date.End.AddMilliseconds(-1);
    }

    /// <summary>An IANA time zone (America/New_York) for reading dates as local days; null for UTC or when unknown (an error).</summary>
    public static TimeZoneInfo? Zone(string? tz, ValidationErrors errors)
    {
        if (tz is null || tz is "UTC" or "Etc/UTC") return null;
        if (tz.Length <= 64 && tz.Contains('/') && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone)) return zone;
        errors.Add("tz", $"tz must be an IANA time zone such as America/Chicago or Europe/Moscow; '{(tz.Length > 40 ? tz[..40] + "…" : tz)}' is not one.");
        return null;
    }

    /// <summary>
    /// A from/to pair as UTC milliseconds (from inclusive, to exclusive). A date without a time is a local day (or
    /// month, or year) in <paramref name="zone"/>: from=2017-07-09 with America/New_York starts at 04:00Z, and a day
    /// that changes its clock lasts 23 or 25 hours. A time carries its own offset and is that instant.
    /// </summary>
    public static (long? FromMs, long? ToMs) Bounds(PartialDate? from, PartialDate? to, TimeZoneInfo? zone) =>
        (from is null ? null : Data.UtcText.ToUnixMs(Local(from.Start, from, zone)),
         to is null ? null : Data.UtcText.ToUnixMs(Local(to.End, to, zone)));

    private static DateTime Local(DateTime utcCalendarInstant, PartialDate date, TimeZoneInfo? zone)
    {
        if (zone is null || date.Precision >= DatePrecision.Minute || utcCalendarInstant == DateTime.MaxValue) return utcCalendarInstant;
        var local = DateTime.SpecifyKind(utcCalendarInstant, DateTimeKind.Unspecified);
        // Where the clock jumps over midnight (some zones start summer time at 00:00), the day starts at the jump.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        try
        {
            return TimeZoneInfo.ConvertTimeToUtc(local, zone);
        }
        catch (ArgumentException)
        {
            return utcCalendarInstant;  // beyond the range the zone can convert: the calendar edge, read as UTC
        }
    }
}
