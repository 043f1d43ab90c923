using System.Text.Json.Nodes;

namespace StatementTracker.Api.Imports;

/// <summary>
/// What one dataset row becomes: the import records it yields in order (a new person or topic before the statement
/// that needs it, a review after the statement it rates), or why the row is not imported.
/// </summary>
public sealed record MappedRow(IReadOnlyList<JsonObject> Records, ImportError? Skipped)
{
    public static MappedRow Skip(long line, string field, string message) => new([], new ImportError(line, field, message));

    /// <summary>A row left out on purpose, by the mapping's documented rule: reported as skipped, not as an error.</summary>
    public static MappedRow Exclude(long line, string field, string message) => new([], new ImportError(line, field, message, Skipped: true));
}
