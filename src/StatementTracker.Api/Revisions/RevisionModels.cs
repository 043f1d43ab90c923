using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace StatementTracker.Api.Revisions;

/// <summary>One field that a revision changed.</summary>
/// <param name="Field">The field's name as the API spells it, e.g. quote or sources.</param>
/// <param name="From">Its value before the change; null when it had none (or on creation).</param>
/// <param name="To">Its value after the change; null when the change cleared it.</param>
public sealed record FieldChange(string Field, JsonNode? From, JsonNode? To);

/// <summary>One change to a record, as the append-only history keeps it.</summary>
/// <param name="Revision">1 for the creation, then one more per change; the record's ETag is this number in quotes.</param>
/// <param name="Action">create, correct, retract or restore.</param>
/// <param name="RecordedAt">When the change was written (UTC).</param>
/// <param name="RecordedBy">The name of the API key that made it ("system" for the demo loader and upgrades).</param>
/// <param name="Reason">Why, in the editor's words.</param>
/// <param name="Changes">The fields that changed, with their values before and after: a readable diff.</param>
/// <param name="Snapshot">The record's whole editable state after the change.</param>
public sealed record RevisionEntry(
    long Revision, [property: AllowedValues("create", "correct", "retract", "restore")] string Action, DateTime RecordedAt,
    string? RecordedBy, string? Reason, IReadOnlyList<FieldChange> Changes, JsonObject Snapshot);

/// <summary>An entry of the public corrections log: a change to published data.</summary>
/// <param name="EntityType">statement, person, topic or link.</param>
/// <param name="EntityId">The record's id (a slug for people and topics).</param>
/// <param name="Url">Where the record lives in the API.</param>
public sealed record Correction(
    [property: AllowedValues("statement", "person", "topic", "link", "review")] string EntityType, string EntityId, string Url, long Revision,
    [property: AllowedValues("correct", "retract", "restore")] string Action, DateTime RecordedAt, string? RecordedBy, string? Reason,
    IReadOnlyList<FieldChange> Changes);

/// <summary>Query parameters of a record's revisions.</summary>
public sealed record RevisionsQuery
{
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}

/// <summary>Query parameters of the corrections log.</summary>
public sealed record CorrectionsQuery
{
    [Description("Only changes to this kind of record: statement, person, topic, link or review."), AllowedValues("statement", "person", "topic", "link", "review")] public string? EntityType { get; init; }
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}
