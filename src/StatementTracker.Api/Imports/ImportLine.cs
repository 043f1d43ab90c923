using System.Text.Json.Nodes;

namespace StatementTracker.Api.Imports;

/// <summary>
/// A problem with one record of an import file: the line it starts on, the field at fault as a JSON path
/// ("quote", "sources[0].url"; "" for the whole record), and the rule it broke.
/// </summary>
/// <param name="Skipped">True when the row was left out on purpose (a dataset row that names no person, a retweet of
/// someone else's words): counted as skipped, not as an error.</param>
public sealed record ImportError(long Line, string Field, string Message, bool Skipped = false);

/// <summary>One record read from an import file: where it starts and its fields as a JSON object, or why it could not be read.</summary>
public sealed record ImportLine(long Line, JsonObject? Record, ImportError? Error)
{
    public static ImportLine Failed(long line, string field, string message) => new(line, null, new ImportError(line, field, message));
}
