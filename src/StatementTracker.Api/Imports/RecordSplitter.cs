using System.Runtime.CompilerServices;

namespace StatementTracker.Api.Imports;

/// <summary>
/// Splits a stream into records by bytes, holding one chunk and at most one record: a file of a million lines streams
/// in constant memory, and a record over the limit is skipped to its end without being kept. A UTF-8 byte order mark
/// at the very start is dropped.
/// </summary>
internal static class RecordSplitter
{
    private const int ChunkSize = 64 * 1024;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static async IAsyncEnumerable<RawRecord> ReadAsync(
        Stream input, IRecordBoundary boundary, int maxRecordBytes, [EnumeratorCancellation] CancellationToken ct)
    {
        var chunk = new byte[ChunkSize];
        var filled = await input.ReadAtLeastAsync(chunk, ByteOrderMark.Length, throwOnEndOfStream: false, ct);
        var start = StartsWithByteOrderMark(chunk, filled) ? ByteOrderMark.Length : 0;
        var record = new RecordBuffer(maxRecordBytes);
        long line = 1;
        while (filled > 0)
        {
            while (start < filled)
            {
                start += record.Take(chunk, start, filled - start, boundary);
                if (!record.Complete) continue;
                yield return record.ToRaw(line, endsFile: false, cutOff: false);
                line = record.NextLine(line);
                record.Reset();
                boundary.Reset();
            }
            filled = await input.ReadAsync(chunk, ct);
            start = 0;
        }
        if (record.HasContent || boundary.IsOpen) yield return record.ToRaw(line, endsFile: true, cutOff: boundary.IsOpen);
    }

    private static bool StartsWithByteOrderMark(byte[] chunk, int filled) => chunk.AsSpan(0, filled).StartsWith(ByteOrderMark);

    /// <summary>The record being read: its bytes up to the limit, and its length and line breaks in full.</summary>
    private sealed class RecordBuffer(int maxBytes)
    {
        // One byte over the limit leaves room for the carriage return of a CRLF, which is not part of the record.
        private readonly int _capacity = maxBytes + 1;
        private byte[] _bytes = new byte[Math.Min(maxBytes + 1, 4096)];
        private int _count;
        private long _length;
        private long _lineFeeds;
        private bool _tooLong;
        private bool _endsWithReturn;

        public bool Complete { get; private set; }

        public bool HasContent => _length > 0;

        /// <summary>Reads bytes up to and including the line feed that ends the record; returns how many it used.</summary>
        public int Take(byte[] chunk, int start, int count, IRecordBoundary boundary)
        {
            var bytes = chunk.AsSpan(start, count);
            var end = boundary.FindEnd(bytes);
            var piece = end < 0 ? bytes : bytes[..end];
            _length += piece.Length;
            _lineFeeds += piece.Count((byte)'\n');
            if (!piece.IsEmpty) _endsWithReturn = piece[^1] == '\r';
            if (!_tooLong) Keep(piece);
            Complete = end >= 0;
            return end < 0 ? bytes.Length : end + 1;
        }

        public RawRecord ToRaw(long line, bool endsFile, bool cutOff)
        {
            var (length, kept) = (_length, _count);
            if (!cutOff && _endsWithReturn) (length, kept) = (length - 1, Math.Max(kept - 1, 0));
            return length > maxBytes || _tooLong
                ? new RawRecord(line, ReadOnlyMemory<byte>.Empty, length, TooLong: true, endsFile, cutOff)
                : new RawRecord(line, _bytes.AsMemory(0, kept), length, TooLong: false, endsFile, cutOff);
        }

        public long NextLine(long line) => line + _lineFeeds + 1;

        public void Reset() => (_count, _length, _lineFeeds, _tooLong, _endsWithReturn, Complete) = (0, 0, 0, false, false, false);

        private void Keep(ReadOnlySpan<byte> piece)
        {
            if (_count + piece.Length > _capacity)
            {
                _tooLong = true;
                _count = 0;
                return;
            }
            if (_count + piece.Length > _bytes.Length)
                Array.Resize(ref _bytes, (int)Math.Min(_capacity, Math.Max((long)_bytes.Length * 2, _count + piece.Length)));
            piece.CopyTo(_bytes.AsSpan(_count));
            _count += piece.Length;
        }
    }
}
