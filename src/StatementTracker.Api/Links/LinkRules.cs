using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Links;

/// <summary>Which statements a relation may join.</summary>
public static class LinkRules
{
    /// <summary>Relations between two statements of one person.</summary>
    public static readonly string[] SamePerson = ["reverses", "walks_back", "clarifies", "reaffirms", "repeats"];

    /// <summary>Relations between statements of any two people. Every relation points back in time.</summary>
    public static readonly string[] AnyPerson = ["responds_to", "contradicts", "supports"];

    public static readonly string[] All = [.. SamePerson, .. AnyPerson];

    /// <summary>One end of a link: who said it and when.</summary>
    public sealed record End(string Id, string PersonId, string PersonName, PartialDate SaidAt);

    /// <summary>The rule a link from <paramref name="later"/> to <paramref name="earlier"/> breaks, or null when it breaks none.</summary>
    public static (string Field, string Message)? Check(string relation, End later, End earlier)
    {
        if (later.Id == earlier.Id)
            return ("target", "a statement cannot link to itself.");
        if (SamePerson.Contains(relation) && later.PersonId != earlier.PersonId)
            return ("relation", $"'{relation}' joins two statements by the same person, but {earlier.Id} is by {earlier.PersonName} and {later.Id} by {later.PersonName}; between different people use {string.Join(", ", AnyPerson)}.");
        // Every relation reads from the later statement: nobody reverses, or answers, what has not been said yet.
        if (!SaidBefore(earlier.SaidAt, later.SaidAt))
            return ("target", $"'{relation}' points back in time: the target ({earlier.Id}, said {earlier.SaidAt.Text}) must have been said before {later.Id} (said {later.SaidAt.Text}).");
        return null;
    }

    /// <summary>
    /// True when <paramref name="a"/> was said before <paramref name="b"/>: by the UTC instant when both have a time,
    /// otherwise by date at the coarser of the two precisions (in UTC), where the same date cannot be ordered and passes.
    /// </summary>
    public static bool SaidBefore(PartialDate a, PartialDate b)
    {
        if (a.Utc is { } ua && b.Utc is { } ub) return ua < ub;
        var coarser = (DatePrecision)Math.Min(Math.Min((int)a.Precision, (int)b.Precision), (int)DatePrecision.Day);
        return a.TruncatedTo(coarser) <= b.TruncatedTo(coarser);
    }
}
