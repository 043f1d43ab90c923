using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.People;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Positions;

/// <summary>The stance a statement takes on a topic.</summary>
/// <param name="Topic">The topic's slug; the topic must exist.</param>
/// <param name="Stance">supports, leans_support, undecided, leans_oppose or opposes.</param>
public sealed record PositionInput(
    [property: Required] string? Topic,
    [property: Required, StanceValues] string? Stance);

/// <summary>The stance a statement takes on a topic.</summary>
/// <param name="Topic">The topic's slug.</param>
/// <param name="Stance">supports, leans_support, undecided, leans_oppose or opposes.</param>
public sealed record StatementPosition(string Topic, [property: StanceValues] string Stance);

/// <summary>A person's stance on a topic in effect at a date.</summary>
/// <param name="Stance">The stance of the latest statement on the topic said by then.</param>
/// <param name="Statement">That statement.</param>
/// <param name="Since">When the stance took effect: the first statement of the unbroken run of this stance that ends in <paramref name="Statement"/>.</param>
public sealed record PositionAt(TopicRef Topic, [property: StanceValues] string Stance, StatementSummary Statement, StatementSummary Since);

/// <summary>A person's positions on every topic they have spoken on, as of a date.</summary>
/// <param name="AsOf">The instant the positions hold at; statements said at or before it count. A date means its last millisecond (UTC).</param>
public sealed record PersonPositions(PersonRef Person, DateTime AsOf, IReadOnlyList<PositionAt> Items, string? NextCursor);

/// <summary>Who stood where on a topic, as of a date: one row per person.</summary>
public sealed record PersonStance(PersonRef Person, TopicRef Topic, [property: StanceValues] string Stance, StatementSummary Statement, StatementSummary Since);

/// <summary>Who stood where on a topic as of a date.</summary>
public sealed record TopicPositions(TopicRef Topic, DateTime AsOf, bool IncludeSubtopics, IReadOnlyList<PersonStance> Items, string? NextCursor);

/// <summary>One statement in a person's history on a topic.</summary>
public sealed record StanceTaken(StatementSummary Statement, [property: StanceValues] string Stance);

/// <summary>Two consecutive stances that differ.</summary>
/// <param name="Flip">full_flop when the stance crosses between the support and the oppose side, half_flip for any other change.</param>
/// <param name="ElapsedSeconds">Seconds between the two statements (between the starts of their periods when a date has no time).</param>
public sealed record StanceChange(StanceTaken From, StanceTaken To, [property: FlipValues] string Flip, long ElapsedSeconds);

/// <summary>A person's whole history on one topic: every stance in time order, and the changes among them.</summary>
public sealed record PositionHistory(PersonRef Person, TopicRef Topic, IReadOnlyList<StanceTaken> History, IReadOnlyList<StanceChange> Changes);

/// <summary>Query parameters of a person's positions.</summary>
public sealed record PersonPositionsQuery
{
    [Description("The date or date-time (with offset) to answer for; now when absent. Statements said at or before it count; a date means to the end of that UTC day.")] public string? AsOf { get; init; }
    [Description("Answer as the database held the person's statements at this instant (a date means the end of that UTC day): the stances on record then.")] public string? AsRecordedAt { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>Query parameters of a topic's positions.</summary>
public sealed record TopicPositionsQuery
{
    [Description("The date or date-time (with offset) to answer for; now when absent. Statements said at or before it count; a date means to the end of that UTC day.")] public string? AsOf { get; init; }
    [Description("Count stances on sub-topics too; each person's latest stance anywhere in the sub-tree stands."), DefaultValue(false)] public bool? IncludeSubtopics { get; init; }
    [Description("Only people whose stance is this one."), StanceValues] public string? Stance { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}
