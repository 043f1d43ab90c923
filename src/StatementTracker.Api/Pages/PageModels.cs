using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Pages;

/// <summary>A 404 or 400 page: what went wrong, and for a 400 each field with the rules it broke.</summary>
public sealed record ErrorModel(string Title, string Detail, IDictionary<string, string[]> Errors);

/// <summary>The home page: the newest statements and the latest reversals.</summary>
public sealed record HomeModel(IReadOnlyList<Statement> Newest, IReadOnlyList<Reversal> Reversals, ExcerptLanguages Languages);

/// <summary>A person's statements said on one day of their own clock (or in one month or year, for coarser dates).</summary>
public sealed record DayGroup(string Key, string Label, IReadOnlyList<Statement> Statements);

/// <summary>The timeline filters as the form shows them: the values the reader gave, as given.</summary>
public sealed record TimelineFilter(string? From, string? To, string? Medium, string? Order);

/// <summary>Links to the next page of a keyset list, and back to its first page once the reader has left it.</summary>
/// <param name="NextLabel">"Older statements" or "Newer statements": which way the list runs.</param>
public sealed record Paging(string? NextHref, string NextLabel, string? FirstHref, string FirstLabel);

/// <summary>A person's page: who they are, their statements by day, the chart of their stances, and the filters.</summary>
public sealed record PersonModel(People.Person Person, IReadOnlyList<DayGroup> Days, TimelineFilter Filter, Paging Paging,
    StanceChart? Chart, string Json, ExcerptLanguages Languages);

/// <summary>
/// A statement's permalink: the statement, its fact-checks in full with the ClaimReview markup of each, what to copy
/// (citation, embed), its revisions when it was corrected, and the absolute URLs link previews need.
/// </summary>
public sealed record StatementModel(Statement Statement, IReadOnlyList<Reviews.Review> Reviews, IReadOnlyList<System.Text.Json.Nodes.JsonObject> ClaimReviews,
    IReadOnlyList<Revisions.RevisionEntry> Revisions, string Origin, string Citation, string EmbedSnippet, ExcerptLanguages Languages);

/// <summary>A filter in force on a list page, with the link that lifts it.</summary>
public sealed record ActiveFilter(string Name, string Value, string RemoveHref);

/// <summary>The reversals page: a page of the feed, its facets (each value a link that narrows the list), the filters in force.</summary>
public sealed record ReversalsModel(IReadOnlyList<Reversal> Items, long? Total, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    IReadOnlyList<ActiveFilter> Active, Paging Paging, string Json, ExcerptLanguages Languages);

/// <summary>
/// The search page: the query as typed, the hits with their highlights, facets, and the errors when the query could
/// not be read (a 400 shown on the page itself, next to the box, so the reader can fix it).
/// </summary>
public sealed record SearchModel(string? Query, string Sort, IReadOnlyList<Statement> Items, long? Total,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, IReadOnlyList<ActiveFilter> Active, Paging Paging,
    IDictionary<string, string[]> Errors, string Json, ExcerptLanguages Languages);

/// <summary>
/// The language of each statement a page shows only an excerpt of (the other end of a link, the two sides of a
/// reversal), so that each excerpt carries its own lang and dir: a Russian reply on an English page is read out in
/// Russian. Handed down the component tree as a cascading value.
/// </summary>
public sealed record ExcerptLanguages(IReadOnlyDictionary<string, string> ById)
{
    public static readonly ExcerptLanguages None = new(new Dictionary<string, string>());

    public string? Of(string statementId) => ById.GetValueOrDefault(statementId);

    public string? DirectionOf(string statementId) => Of(statementId) is { } language ? TextDirection.Of(language) : null;
}
