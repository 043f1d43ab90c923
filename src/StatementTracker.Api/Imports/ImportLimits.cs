namespace StatementTracker.Api.Imports;

/// <summary>
/// How large one record of an import file may be. The readers never hold more than one record, so these bound the
/// memory an upload can take however long the file is. How many errors end an import is the runner's decision.
/// </summary>
/// <param name="MaxRecordBytes">The longest record in bytes, its line break not counted; a longer one is skipped unread.</param>
/// <param name="MaxDepth">How deeply objects and arrays may nest in one NDJSON record; the record itself is depth 1.</param>
public sealed record ImportLimits(int MaxRecordBytes = ImportLimits.DefaultMaxRecordBytes, int MaxDepth = ImportLimits.DefaultMaxDepth)
{
    public const int DefaultMaxRecordBytes = 4 * 1024 * 1024;
    public const int DefaultMaxDepth = 32;

    public static ImportLimits Default { get; } = new();

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
    }
}
