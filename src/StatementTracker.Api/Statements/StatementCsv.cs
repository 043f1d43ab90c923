using StatementTracker.Api.Reversals;

namespace StatementTracker.Api.Statements;

/// <summary>A statement as one spreadsheet row: its sources, stances, topics and links flattened into readable cells.</summary>
public static class StatementCsv
{
    public static readonly string[] Header =
    [
        "id", "url", "person", "person_name", "said_at", "said_at_utc", "utc_offset", "date_precision", "medium", "venue", "language",
        "quote", "wording", "summary", "external_id", "sources", "stances", "topics", "fact_checks", "links", "repeat_count", "retracted", "highlight",
    ];

    /// <summary>The columns the service fills itself, never mistaken for formulas.</summary>
    public static readonly IReadOnlySet<string> OwnColumns = new HashSet<string>
    {
        "id", "url", "person", "said_at", "said_at_utc", "utc_offset", "date_precision", "medium", "language", "wording", "repeat_count",
        "earlier_id", "earlier_said_at", "later_id", "later_said_at", "flip", "elapsed",
    };

    public static IEnumerable<string?> Row(Statement s) =>
    [
        s.Id, $"/v1/statements/{s.Id}", s.Person.Slug, s.Person.Name, s.SaidAt, s.SaidAtUtc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), s.UtcOffset,
        s.DatePrecision, s.Medium, s.Venue, s.Language, s.Quote, s.Wording, s.Summary, s.ExternalId,
        string.Join(" | ", s.Sources.Select(source => source.Publisher is null ? source.Url : $"{source.Url} ({source.Publisher})")),
        string.Join("; ", s.Positions.Select(p => $"{p.Topic}: {p.Stance}")),
        string.Join("; ", s.Topics),
        string.Join(" | ", s.Reviews.Select(r => r.NormalisedRating is null ? $"{r.Publisher.Name}: {r.Rating}" : $"{r.Publisher.Name}: {r.Rating} ({r.NormalisedRating})")),
        string.Join("; ", s.Links.Select(l => l.Direction == "outgoing" ? $"{l.Relation} {l.Statement.Id}" : $"{l.Relation} by {l.Statement.Id}")),
        s.RepeatCount.ToString(), s.Retracted is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Retracted.At:yyyy-MM-dd}: {s.Retracted.Reason}"), s.Highlight,
    ];

    public static readonly string[] ReversalHeader =
    [
        "person", "person_name", "topics", "flip", "earlier_id", "earlier_said_at", "earlier_excerpt", "later_id", "later_said_at",
        "later_excerpt", "elapsed", "evidence",
    ];

    public static IEnumerable<string?> ReversalRow(Reversal r) =>
    [
        r.Person.Slug, r.Person.Name, string.Join("; ", r.Topics.Select(t => t.Slug)), r.Flip,
        r.Earlier.Id, r.Earlier.SaidAt, r.Earlier.Excerpt, r.Later.Id, r.Later.SaidAt, r.Later.Excerpt, r.Elapsed,
        string.Join("; ", r.Evidence.Select(e => e.Kind == "link" ? $"link {e.Relation} ({e.LinkId})" : $"stance on {e.Topic}: {e.From} to {e.To}")),
    ];
}
