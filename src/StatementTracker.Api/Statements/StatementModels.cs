using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Statements;

/// <summary>A source that proves a statement was made: the tweet itself, a transcript, a news report.</summary>
/// <param name="Url">An absolute http(s) URL.</param>
/// <param name="Title">The page's title.</param>
/// <param name="Publisher">Who published it, e.g. "NPR".</param>
/// <param name="PublishedAt">When it was published, as an ISO 8601 date or date-time with offset.</param>
/// <param name="ArchiveUrl">A copy in a web archive, in case the original disappears.</param>
public sealed record SourceInput(
    [property: Required, MaxLength(2048)] string? Url,
    [property: MaxLength(500)] string? Title = null,
    [property: MaxLength(200)] string? Publisher = null,
    string? PublishedAt = null,
    [property: MaxLength(2048)] string? ArchiveUrl = null);

/// <summary>A statement to record.</summary>
/// <param name="Person">The slug of the person who said it; the person must exist.</param>
/// <param name="Quote">The exact words, 1 to 10,000 characters.</param>
/// <param name="SaidAt">When it was said, as precisely as known: "2017", "2017-07", "2017-07-09" or a time with the speaker's UTC offset, "2017-07-09T20:45:13-04:00".</param>
/// <param name="Medium">How it was said: tweet, social_post, speech, interview, press_conference, press_release, statement, debate, op_ed, testimony, vote or other.</param>
/// <param name="Sources">At least one source; provenance is not optional.</param>
/// <param name="Summary">A neutral one-line summary, when the quote needs context.</param>
/// <param name="Venue">Where it was said, e.g. "NBC's Meet the Press" or "G20 summit, Hamburg".</param>
/// <param name="Language">The language of the quote as a BCP 47 tag; "en" when absent.</param>
/// <param name="ExternalId">An id in another system, "namespace:value", e.g. "twitter:884016887692234753". Unique.</param>
/// <param name="Positions">The stances the statement takes, at most one per topic.</param>
/// <param name="Topics">Slugs of topics the statement is about without taking a stance (a fact-check's subjects, a tweet about NATO); `topic=` finds both.</param>
/// <param name="Wording">exact (the default): the quote is the speaker's own words. paraphrase: it is a fact-checker's summary of the claim, such as PolitiFact's "Says ..." lines.</param>
public sealed record CreateStatementRequest(
    [property: Required] string? Person,
    [property: Required, MaxLength(StatementRules.MaxQuoteLength)] string? Quote,
    [property: Required] string? SaidAt,
    [property: Required, MediumValues] string? Medium,
    [property: Required, MinLength(1), MaxLength(StatementRules.MaxSources)] List<SourceInput>? Sources,
    [property: MaxLength(2000)] string? Summary = null,
    [property: MaxLength(300)] string? Venue = null,
    [property: MaxLength(35)] string? Language = null,
    [property: MaxLength(250)] string? ExternalId = null,
    [property: MaxLength(StatementRules.MaxPositions)] List<PositionInput>? Positions = null,
    [property: MaxLength(StatementRules.MaxTopics)] List<string?>? Topics = null,
    [property: WordingValues, DefaultValue("exact")] string? Wording = null);

/// <summary>A JSON merge patch of a statement: fields left out stay, fields set to null are cleared. Sources, when given, replace the list.</summary>
public sealed record UpdateStatementRequest(
    string? Person, string? Quote, string? SaidAt, string? Medium, List<SourceInput>? Sources,
    string? Summary, string? Venue, string? Language, string? ExternalId, List<PositionInput>? Positions, List<string?>? Topics,
    [property: WordingValues] string? Wording);

/// <summary>A source of a statement.</summary>
public sealed record Source(string Url, string? Title, string? Publisher, string? PublishedAt, string? ArchiveUrl);

/// <summary>A recorded statement with its sources and its links in both directions.</summary>
/// <param name="Id">Opaque and stable.</param>
/// <param name="SaidAt">Exactly as written when recorded.</param>
/// <param name="DatePrecision">year, month, day, minute or second.</param>
/// <param name="SaidAtUtc">The UTC instant, only when a time of day is known.</param>
/// <param name="UtcOffset">The speaker's own UTC offset, only when a time of day is known, e.g. "-04:00".</param>
/// <param name="Links">Links from this statement to earlier ones (outgoing) and from later ones to this (incoming).</param>
/// <param name="Positions">The stances the statement takes on topics.</param>
/// <param name="Topics">Slugs of topics the statement is about without taking a stance.</param>
/// <param name="RepeatCount">How many times the claim was made: the statements joined to this one by repeats links, this one included.</param>
/// <param name="FirstSaidAt">When the claim was first made: saidAt of the earliest statement in the repeat chain (this one's when it stands alone).</param>
/// <param name="FirstStatementId">The earliest statement in the repeat chain.</param>
/// <param name="Reversals">Reversals this statement takes part in: it reverses an earlier one, or a later one reverses it.</param>
/// <param name="Revision">How many times the record was written (1 when first recorded); its ETag is this number in quotes.</param>
/// <param name="RecordedBy">The name of the API key that made the latest change.</param>
/// <param name="Retracted">Set when the statement was retracted: it left timelines, positions and reversals, and stays readable here.</param>
/// <param name="Wording">exact: the quote is the speaker's own words. paraphrase: it is a fact-checker's summary of the claim, not a quotation.</param>
/// <param name="Reviews">Fact-checks of the statement, each with the publisher's verdict and its place on the shared scale.</param>
/// <param name="Highlight">In search results only: the quote, HTML-escaped, cut around the matched words, which are wrapped in &lt;mark&gt;.</param>
public sealed record Statement(
    string Id, PersonRef Person, string Quote, [property: WordingValues] string Wording, string? Summary, string SaidAt,
    [property: AllowedValues("year", "month", "day", "minute", "second")] string DatePrecision, DateTime? SaidAtUtc,
    string? UtcOffset, [property: MediumValues] string Medium, string? Venue, string Language, string? ExternalId, IReadOnlyList<Source> Sources,
    IReadOnlyList<StatementPosition> Positions, IReadOnlyList<string> Topics, IReadOnlyList<Link> Links, int RepeatCount, string FirstSaidAt, string FirstStatementId,
    IReadOnlyList<ReversalMark> Reversals, IReadOnlyList<Reviews.ReviewRef> Reviews, DateTime CreatedAt, DateTime UpdatedAt, long Revision, string? RecordedBy, Retraction? Retracted,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Highlight = null)
{
    /// <summary>The statement's page for people to read, relative to this service: /statements/{id}.</summary>
    public string Page => $"/statements/{Id}";

    /// <summary>The statement as the request that would create it: what a merge patch edits.</summary>
    public CreateStatementRequest ToRequest() => new(
        Person.Slug, Quote, SaidAt, Medium, Sources.Select(s => new SourceInput(s.Url, s.Title, s.Publisher, s.PublishedAt, s.ArchiveUrl)).ToList(),
        Summary, Venue, Language, ExternalId, Positions.Select(p => new PositionInput(p.Topic, p.Stance)).ToList(), Topics.ToList<string?>(), Wording);
}

/// <summary>Why and when a statement was taken off the record. Nothing is deleted: it stays readable by id and in its revisions.</summary>
/// <param name="At">When it was retracted (UTC).</param>
/// <param name="Reason">Why, in the editor's words.</param>
/// <param name="DuplicateOf">The statement this one duplicates, when it was recorded twice.</param>
public sealed record Retraction(DateTime At, string Reason, string? DuplicateOf);

/// <summary>What a revision keeps of a statement: its editable fields and whether it was retracted.</summary>
public sealed record StatementSnapshot(
    string Person, string Quote, string? Summary, string SaidAt, string Medium, string? Venue, string Language, string? ExternalId,
    IReadOnlyList<Source> Sources, IReadOnlyList<PositionInput> Positions, RetractionNote? Retracted, IReadOnlyList<string>? Topics = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Wording = null)
{
    // Wording is kept only when it is a paraphrase: snapshots written before it existed were all exact words, and
    // read the same as new ones.
    public static StatementSnapshot Of(Statement statement, RetractionNote? retracted) => new(
        statement.Person.Slug, statement.Quote, statement.Summary, statement.SaidAt, statement.Medium, statement.Venue, statement.Language,
        statement.ExternalId, statement.Sources, statement.Positions.Select(p => new PositionInput(p.Topic, p.Stance)).ToList(), retracted,
        statement.Topics, statement.Wording == "exact" ? null : statement.Wording);

    /// <summary>
    /// The snapshot of a statement just written from <paramref name="input"/>: what reading it back gives, in the
    /// order the store reads it (stances and topics by slug), without reading it back.
    /// </summary>
    public static StatementSnapshot Of(string personSlug, StatementInput input) => new(
        personSlug, input.Quote, input.Summary, input.SaidAt.Text, input.Medium, input.Venue, input.Language, input.ExternalId,
        input.Sources, input.Positions.OrderBy(p => p.Topic, StringComparer.Ordinal).Select(p => new PositionInput(p.Topic, p.Stance)).ToList(),
        null, input.Topics.Order(StringComparer.Ordinal).ToList(), input.Wording == "exact" ? null : input.Wording);

    /// <summary>The snapshot as the request that would create it: what a merge patch edits. The same as <see cref="Statement.ToRequest"/> of the statement it was taken from.</summary>
    public CreateStatementRequest ToRequest() => new(
        Person, Quote, SaidAt, Medium, Sources.Select(s => new SourceInput(s.Url, s.Title, s.Publisher, s.PublishedAt, s.ArchiveUrl)).ToList(),
        Summary, Venue, Language, ExternalId, Positions.ToList(), (Topics ?? []).ToList<string?>(), Wording ?? "exact");

    public static StatementSnapshot From(System.Text.Json.Nodes.JsonObject node) =>
        System.Text.Json.JsonSerializer.Deserialize<StatementSnapshot>(node, Revisions.RevisionStore.Json)
        ?? throw new InvalidOperationException("A statement revision holds no snapshot.");
}

/// <summary>The retraction as a snapshot keeps it; the instant is the revision's own.</summary>
public sealed record RetractionNote(string Reason, string? DuplicateOf);

/// <summary>Enough of a statement to show it in a list ("reversed by ...") without a second call.</summary>
/// <param name="Excerpt">The start of the quote on one line, at most about 160 characters.</param>
public sealed record StatementSummary(string Id, PersonRef Person, string SaidAt, string DatePrecision, DateTime? SaidAtUtc, string Excerpt)
{
    /// <summary>From stored columns: the UTC instant as stored text, and the quote (or its start) to cut an excerpt from.</summary>
    public static StatementSummary FromStored(string id, PersonRef person, string saidAt, string datePrecision, string? saidAtUtc, string quote) =>
        new(id, person, saidAt, datePrecision, saidAtUtc is null ? null : Data.UtcText.Parse(saidAtUtc), Infrastructure.Excerpt.Of(quote));
}

/// <summary>Query parameters of a person's timeline.</summary>
public sealed record TimelineQuery
{
    [Description("Only statements covering an instant at or after the start of this date (YYYY, YYYY-MM, YYYY-MM-DD or a date-time with offset).")] public string? From { get; init; }
    [Description("Only statements covering an instant before the end of this date; to=2017-07-09 includes all of 9 July (UTC).")] public string? To { get; init; }
    [Description("Only statements made through this medium."), MediumValues] public string? Medium { get; init; }
    [Description("An IANA time zone such as America/New_York in which from and to dates are read; UTC when absent.")] public string? Tz { get; init; }
    [Description("asc (oldest first, the default) or desc."), DefaultValue("asc"), AllowedValues("asc", "desc")] public string? Order { get; init; }
    [Description("true to list retracted statements too, each marked with its retraction."), DefaultValue(false)] public bool? IncludeRetracted { get; init; }
    [Description("The timeline as the database held it at this instant (a date means the end of that UTC day): the wording statements had then, without those recorded later or retracted by then.")] public string? AsRecordedAt { get; init; }
    [Description("json (a page, the default), or csv or ndjson: the whole timeline, streamed as a download."), AllowedValues("json", "csv", "ndjson")] public string? Format { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>Query parameters of one statement.</summary>
public sealed record StatementQuery
{
    [Description("The statement as the database held it at this instant (a date means the end of that UTC day); 404 when it had not been recorded yet.")] public string? AsRecordedAt { get; init; }
}

/// <summary>Query parameters of a change to a record.</summary>
public sealed record ChangeQuery
{
    [Description("Why the change is made, recorded with its revision and shown in the corrections log (at most 1,000 characters).")] public string? Reason { get; init; }
}

/// <summary>Query parameters of a retraction of a link or a fact-check: the reason is required, as the command checks.</summary>
/// <remarks>
/// [Required] only tells the document (QueryParameterFilter): the command refuses a missing or blank reason with a
/// problem that names the field, which a binder's refusal would not.
/// </remarks>
public sealed record RequiredReasonQuery
{
    [Description("Why it is retracted, recorded with its revision and shown in the corrections log; required, at most 1,000 characters."), Required] public string? Reason { get; init; }
}

/// <summary>Query parameters of a statement's retraction.</summary>
public sealed record RetractQuery
{
    [Description("Why the statement is retracted; required, at most 1,000 characters."), Required] public string? Reason { get; init; }
    [Description("The id of the statement this one duplicates, when it was recorded twice.")] public string? DuplicateOf { get; init; }
}
