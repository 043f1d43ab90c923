using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.People;

namespace StatementTracker.Api.Links;

/// <summary>A link to make from the statement in the URL (the later one) to an earlier statement.</summary>
/// <param name="Target">The id of the statement this one reverses, answers, ...</param>
/// <param name="Relation">reverses, walks_back, clarifies, reaffirms or repeats (same person, target said earlier); responds_to, contradicts or supports (anyone).</param>
/// <param name="Note">Why the link holds, for readers.</param>
public sealed record CreateLinkRequest(
    [property: Required] string? Target,
    [property: Required, AllowedValues("reverses", "walks_back", "clarifies", "reaffirms", "repeats", "responds_to", "contradicts", "supports")] string? Relation,
    string? Note = null);

/// <summary>A typed link seen from one statement.</summary>
/// <param name="Relation">The relation, read from the later statement: "B reverses A".</param>
/// <param name="Direction">outgoing: this statement reverses, answers, ... the other. incoming: the other does so to this one.</param>
/// <param name="Statement">The statement at the other end.</param>
/// <param name="CreatedAt">When the link was recorded.</param>
public sealed record Link(string Id, string Relation, string Direction, LinkedStatement Statement, string? Note, DateTime CreatedAt);

/// <summary>Enough of the other statement to show "reversed by ..." without a second call.</summary>
/// <param name="Excerpt">The start of the quote, at most about 160 characters.</param>
public sealed record LinkedStatement(string Id, PersonRef Person, string SaidAt, string DatePrecision, DateTime? SaidAtUtc, string Excerpt);

/// <summary>Query parameters of a statement's links.</summary>
public sealed record LinksQuery(
    [property: System.ComponentModel.Description("Page size, 1 to 200.")] [property: System.ComponentModel.DefaultValue(50)] int? Limit,
    [property: System.ComponentModel.Description("nextCursor from the previous page.")] string? Cursor);
