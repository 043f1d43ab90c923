using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Statements;

/// <summary>Query parameters of the statement list across people: filters that combine, search, sort, facets.</summary>
public sealed record StatementsQuery(
    [property: Description("Only statements by these people (slug); repeat for several: person=a&person=b.")] string[]? Person,
    [property: Description("Only statements on these topics (slug), whether they take a stance on it or are only about it; repeat for several.")] string[]? Topic,
    [property: Description("With topic: count sub-topics too."), DefaultValue(false)] bool? IncludeSubtopics,
    [property: Description("Only statements taking this stance (on the topic, when topic is given)."), StanceValues] string? Stance,
    [property: Description("Only statements made through this medium."), MediumValues] string? Medium,
    [property: Description("Only statements in this language (BCP 47 tag, e.g. en).")] string? Language,
    [property: Description("The statement with this id in another system, e.g. twitter:884016887692234753.")] string? ExternalId,
    [property: Description("Only statements covering an instant at or after the start of this date (YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset).")] string? From,
    [property: Description("Only statements covering an instant before the end of this date; to=2017-07-09 includes all of 9 July.")] string? To,
    [property: Description("An IANA time zone such as America/New_York in which from and to dates are read (the speaker's local days); UTC when absent.")] string? Tz,
    [property: Description("Only statements a fact-check rates this on the shared scale (true, mostly_true, half_true, mostly_false, false, pants_on_fire)."), RatingValues] string? Rating,
    [property: Description("Only statements fact-checked by this publisher (its name, ignoring case and accents), e.g. PolitiFact. With rating: a review by this publisher with that rating.")] string? Reviewer,
    [property: Description("exact: only the speakers' own words; paraphrase: only fact-checkers' summaries of claims."), WordingValues] string? Wording,
    [property: Description("Full-text search over quotes and summaries: words, \"exact phrases\", -excluded, OR, prefix*; case and accents ignored.")] string? Q,
    [property: Description("saidAt (oldest first, the default), -saidAt (newest first), or relevance (best match first; needs q)."), DefaultValue("saidAt"), AllowedValues("saidAt", "-saidAt", "relevance")] string? Sort,
    [property: Description("Comma-separated facets to count over the whole filtered result: person, medium, year, month, topic, stance, language, rating, reviewer, wording.")] string? Facets,
    [property: Description("true to list retracted statements too."), DefaultValue(false)] bool? IncludeRetracted,
    [property: Description("json (a page, the default), or csv or ndjson: the whole result, streamed as a download. Accept: text/csv or application/x-ndjson does the same."), AllowedValues("json", "csv", "ndjson")] string? Format,
    [property: Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] long? Limit,
    [property: Description("nextCursor from the previous page.")] string? Cursor);

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
