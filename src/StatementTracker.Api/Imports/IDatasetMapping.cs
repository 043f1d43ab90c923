namespace StatementTracker.Api.Imports;

/// <summary>
/// Turns the rows of one public dataset's CSV into import records. An instance remembers, across the rows of one file,
/// which people and topics it has already emitted, so each is emitted once, the first time it is seen.
/// </summary>
public interface IDatasetMapping
{
    /// <summary>The dataset's name as the import's format ("liar2").</summary>
    string Format { get; }

    /// <summary>The header columns the mapping reads; a file without all of them is refused.</summary>
    IReadOnlyList<string> RequiredColumns { get; }

    /// <summary>Maps one row, keyed by the CSV header's column names; a column the row lacks is "".</summary>
    MappedRow Map(long line, IReadOnlyDictionary<string, string> row);
}
