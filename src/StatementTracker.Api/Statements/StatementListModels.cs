using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Statements;

/// <summary>Query parameters of the statement list across people: filters that combine, search, sort, facets.</summary>
public sealed record StatementsQuery
{
    [Description("Only statements by these people (slug); repeat for several: person=a&person=b."), FromQuery] public string[]? Person { get; init; }
    [Description("Only statements on these topics (slug), whether they take a stance on it or are only about it; repeat for several."), FromQuery] public string[]? Topic { get; init; }
    [Description("With topic: count sub-topics too."), DefaultValue(false)] public bool? IncludeSubtopics { get; init; }
    [Description("Only statements taking this stance (on the topic, when topic is given)."), StanceValues] public string? Stance { get; init; }
    [Description("Only statements made through this medium."), MediumValues] public string? Medium { get; init; }
    [Description("Only statements in this language (BCP 47 tag, e.g. en).")] public string? Language { get; init; }
    [Description("The statement with this id in another system, e.g. twitter:884016887692234753.")] public string? ExternalId { get; init; }
    [Description("Only statements covering an instant at or after the start of this date (YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset).")] public string? From { get; init; }
    [Description("Only statements covering an instant before the end of this date; to=2017-07-09 includes all of 9 July.")] public string? To { get; init; }
    [Description("An IANA time zone such as America/New_York in which from and to dates are read (the speaker's local days); UTC when absent.")] public string? Tz { get; init; }
    [Description("Only statements a fact-check rates this on the shared scale (true, mostly_true, half_true, mostly_false, false, pants_on_fire)."), RatingValues] public string? Rating { get; init; }
    [Description("Only statements fact-checked by this publisher (its name, ignoring case and accents), e.g. PolitiFact. With rating: a review by this publisher with that rating.")] public string? Reviewer { get; init; }
    [Description("exact: only the speakers' own words; paraphrase: only fact-checkers' summaries of claims."), WordingValues] public string? Wording { get; init; }
    [Description("Full-text search over quotes and summaries: words, \"exact phrases\", -excluded, OR, prefix*; case and accents ignored.")] public string? Q { get; init; }
    [Description("saidAt (oldest first, the default), -saidAt (newest first), or relevance (best match first; needs q)."), DefaultValue("saidAt"), AllowedValues("saidAt", "-saidAt", "relevance")] public string? Sort { get; init; }
    [Description("Comma-separated facets to count over the whole filtered result: person, medium, year, month, topic, stance, language, rating, reviewer, wording.")] public string? Facets { get; init; }
    [Description("true to list retracted statements too."), DefaultValue(false)] public bool? IncludeRetracted { get; init; }
    [Description("json (a page, the default), or csv or ndjson: the whole result, streamed as a download. Accept: text/csv or application/x-ndjson does the same."), AllowedValues("json", "csv", "ndjson")] public string? Format { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>A page of statements across people, with the facets asked for.</summary>
/// <param name="Total">How many statements match the filters, counted when facets are asked for.</param>
/// <param name="Facets">Each facet asked for, its values by count (at most 50 each).</param>
public sealed record StatementList(IReadOnlyList<Statement> Items, string? NextCursor, long? Total,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>>? Facets);

/// <summary>The list's keyset: the timeline key for saidAt orders, the score for relevance, then the id.</summary>
public sealed record StatementsCursor(long Sort, long Rank, double Score, string Id);

/// <summary>The filters the statement list, its exports and its feed share.</summary>
public sealed record StatementFilterQuery(
    string[]? Person, string[]? Topic, bool? IncludeSubtopics, string? Stance, string? Medium, string? Language, string? ExternalId,
    string? From, string? To, string? Tz, string? Q, bool? IncludeRetracted, string? Rating = null, string? Reviewer = null, string? Wording = null);
