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
}
