namespace StatementTracker.Api.Imports;

/// <summary>
/// Where a record ends in a stream of bytes. Only ASCII bytes (line feed, comma, double quote) decide it, and those
/// never occur inside a multi-byte UTF-8 character, so a file can be split before a single byte of it is decoded.
/// </summary>
internal interface IRecordBoundary
{
    /// <summary>The index of the line feed that ends the current record, or -1 when the record goes on past these bytes.</summary>
    int FindEnd(ReadOnlySpan<byte> bytes);

    /// <summary>True while the bytes seen leave the record open (inside a quoted CSV field): at the end of the file it is cut off.</summary>
    bool IsOpen { get; }

    /// <summary>Starts the next record.</summary>
    void Reset();
}

/// <summary>NDJSON: every line feed ends a record, since JSON text escapes the line breaks inside its strings.</summary>
internal sealed class LineBoundary : IRecordBoundary
{
    public int FindEnd(ReadOnlySpan<byte> bytes) => bytes.IndexOf((byte)'\n');

    public bool IsOpen => false;

    public void Reset() { }
}
