using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.Statements;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Links;

/// <summary>A link to make from the statement in the URL (the later one) to an earlier statement.</summary>
/// <param name="Target">The id of the statement this one reverses, answers, ...</param>
/// <param name="Relation">reverses, walks_back, clarifies, reaffirms or repeats (same person, target said earlier); responds_to, contradicts or supports (anyone).</param>
/// <param name="Note">Why the link holds, for readers.</param>
public sealed record CreateLinkRequest(
    [property: Required] string? Target,
    [property: Required, RelationValues] string? Relation,
    [property: MaxLength(1000)] string? Note = null);

/// <summary>A typed link seen from one statement.</summary>
/// <param name="Relation">The relation, read from the later statement: "B reverses A".</param>
/// <param name="Direction">outgoing: this statement reverses, answers, ... the other. incoming: the other does so to this one.</param>
/// <param name="Statement">The statement at the other end.</param>
/// <param name="CreatedAt">When the link was recorded.</param>
/// <param name="Revision">How many times the link was written; its ETag is this number in quotes.</param>
public sealed record Link(
    string Id, [property: RelationValues] string Relation, [property: AllowedValues("outgoing", "incoming")] string Direction,
    StatementSummary Statement, string? Note, DateTime CreatedAt, long Revision);

/// <summary>What a revision keeps of a link: its ends, relation and note, and whether it was retracted.</summary>
public sealed record LinkSnapshot(string Statement, string Target, string Relation, string? Note, RetractionNote? Retracted);

/// <summary>Query parameters of a statement's links.</summary>
public sealed record LinksQuery
{
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}
