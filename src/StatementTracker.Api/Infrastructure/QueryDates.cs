namespace StatementTracker.Api.Infrastructure;

/// <summary>Dates in query strings (from, to, asOf) follow the same ISO 8601 rules as saidAt.</summary>
public static class QueryDates
{
    public static PartialDate? Parse(string text, string field, ValidationErrors errors)
    {
        if (PartialDate.TryParse(text, out var value, out var error)) return value;
        errors.Add(field, $"{field}: {error}");
        return null;
    }
}
