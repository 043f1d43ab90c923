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
}
