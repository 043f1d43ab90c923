namespace StatementTracker.Api.Imports;

/// <summary>
/// One record's bytes as the splitter found them, its line break (and a carriage return before it) removed. The bytes
/// are the splitter's own buffer: read them before asking for the next record.
/// </summary>
/// <param name="Line">The line the record starts on, 1-based.</param>
/// <param name="Length">The record's length in bytes, also when it was too long to keep.</param>
/// <param name="TooLong">Longer than the limit: the bytes are empty and the rest of the record was skipped unread.</param>
/// <param name="EndsFile">The end of the file, not a line break, ended the record.</param>
/// <param name="CutOff">The file ended inside the record (inside a quoted CSV field).</param>
internal readonly record struct RawRecord(long Line, ReadOnlyMemory<byte> Bytes, long Length, bool TooLong, bool EndsFile, bool CutOff);
