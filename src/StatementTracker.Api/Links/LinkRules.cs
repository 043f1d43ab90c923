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

    /// <summary>A link's own fields, valid on their own: a target id, a known relation, an optional note.</summary>
    public static (string Target, string Relation, string? Note)? Validate(CreateLinkRequest request, ValidationErrors errors)
    {
        var target = errors.RequiredText("target", request.Target, 100);
        var relation = errors.RequiredText("relation", request.Relation, 50);
        if (relation is not null && !All.Contains(relation))
            errors.Add("relation", $"relation must be one of: {string.Join(", ", All)}.");
        var note = errors.OptionalText("note", request.Note, 1000, multiline: true);
        return errors.Any ? null : (target!, relation!, note);
    }

    /// <summary>
    /// Every rule a new link must keep, the ones that need the data included: the pair's people and dates, no
    /// duplicate, and a pair either reversed or walked back, not both (that would rate one change twice).
    /// </summary>
    public static async Task<(string Field, string Message)?> CheckNewAsync(string relation, End later, End earlier, LinkStore links, CancellationToken ct)
    {
        if (Check(relation, later, earlier) is { } broken) return broken;
        if (await links.FindBetweenAsync(later.Id, earlier.Id, [relation], ct) is { } duplicate)
            return ("target", $"{later.Id} already {relation} {earlier.Id}: link {duplicate.Id}.");
        if (Reversals.ReversalRules.LinkFlips.ContainsKey(relation)
            && await links.FindBetweenAsync(later.Id, earlier.Id, Reversals.ReversalRules.LinkFlips.Keys, ct) is { } other)
            return ("relation", $"{later.Id} already {other.Relation} {earlier.Id} (link {other.Id}); a pair is either reversed or walked back. Delete that link to change it.");
        return null;
    }

    /// <summary>The first of a statement's links that its changed person or date would break, if any.</summary>
    public static (string LinkId, string Message)? FirstBroken(End changed, IEnumerable<LinkStore.TouchingRow> links)
    {
        foreach (var link in links)
        {
            var other = new End(link.OtherId, link.OtherPersonId, link.OtherPersonName, PartialDate.ParseStored(link.OtherSaidAt));
            var broken = link.StatementId == changed.Id ? Check(link.Relation, changed, other) : Check(link.Relation, other, changed);
            if (broken is { } rule) return (link.Id, rule.Message);
        }
        return null;
    }

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
