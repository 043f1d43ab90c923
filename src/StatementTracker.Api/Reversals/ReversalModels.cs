using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.People;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Reversals;

/// <summary>Why a pair of statements counts as a reversal.</summary>
/// <param name="Kind">link: an editor's reverses (full_flop) or walks_back (half_flip) link. stance: a change found between two consecutive stances on a topic.</param>
/// <param name="Flip">The rating this piece of evidence gives on its own.</param>
/// <param name="LinkId">The link, for link evidence.</param>
/// <param name="Relation">reverses or walks_back, for link evidence.</param>
/// <param name="Topic">The topic's slug, for stance evidence.</param>
/// <param name="From">The earlier stance, for stance evidence.</param>
/// <param name="To">The later stance, for stance evidence.</param>
public sealed record ReversalEvidence(
    [property: AllowedValues("link", "stance")] string Kind,
    [property: FlipValues] string Flip,
    string? LinkId = null,
    [property: ReversalRelationValues] string? Relation = null,
    string? Topic = null,
    [property: StanceValues] string? From = null,
    [property: StanceValues] string? To = null);

/// <summary>A person changing position: an earlier and a later statement, rated on PolitiFact's Flip-O-Meter.</summary>
/// <param name="Topics">The topics whose stances changed between the two statements; empty when only a link says so.</param>
/// <param name="ElapsedSeconds">Seconds from the earlier statement to the later (from the start of its period when a date has no time).</param>
/// <param name="Elapsed">The same as an ISO 8601 duration, e.g. PT12H54M49S.</param>
/// <param name="Flip">full_flop or half_flip. When a link and a stance change describe the same pair, the link's rating stands.</param>
public sealed record Reversal(PersonRef Person, IReadOnlyList<TopicRef> Topics, StatementSummary Earlier, StatementSummary Later, long ElapsedSeconds,
    string Elapsed, [property: FlipValues] string Flip, IReadOnlyList<ReversalEvidence> Evidence);

/// <summary>A reversal seen from one of its statements, on timeline items.</summary>
/// <param name="Role">reverses: this statement reverses the other, earlier one. reversed_by: the other, later one reverses this.</param>
/// <param name="StatementId">The statement at the other end.</param>
/// <param name="Topics">The slugs of the topics whose stances changed; empty when only a link says so.</param>
/// <param name="Evidence">link, stance, or both.</param>
public sealed record ReversalMark(
    [property: AllowedValues("reverses", "reversed_by")] string Role, string StatementId,
    [property: FlipValues] string Flip, IReadOnlyList<string> Topics, IReadOnlyList<string> Evidence);

/// <summary>Query parameters of the reversals feed.</summary>
public sealed record ReversalsQuery
{
    [Description("Only this person's reversals (slug).")] public string? Person { get; init; }
    [Description("Only reversals with a stance change on this topic (slug); reversals known only from a link have no topic.")] public string? Topic { get; init; }
    [Description("Only reversals whose later statement covers an instant at or after the start of this date.")] public string? From { get; init; }
    [Description("Only reversals whose later statement covers an instant before the end of this date.")] public string? To { get; init; }
    [Description("full_flop or half_flip."), FlipValues] public string? Flip { get; init; }
    [Description("Comma-separated facets to count over the whole filtered feed: person, topic, year, flip.")] public string? Facets { get; init; }
    [Description("json (a page, the default), or csv or ndjson: the whole feed, streamed as a download."), AllowedValues("json", "csv", "ndjson")] public string? Format { get; init; }
    [Description("The feed as the database held it at this instant (a date means the end of that UTC day): the reversals that were on record then.")] public string? AsRecordedAt { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>A page of the reversals feed, with the facets asked for.</summary>
/// <param name="Total">How many reversals pass the filters, counted when facets are asked for.</param>
/// <param name="Facets">Each facet asked for, its values by count (at most 50 each). A reversal on two topics counts under both.</param>
public sealed record ReversalList(IReadOnlyList<Reversal> Items, string? NextCursor, long? Total,
    IReadOnlyDictionary<string, IReadOnlyList<Infrastructure.FacetValue>>? Facets);
