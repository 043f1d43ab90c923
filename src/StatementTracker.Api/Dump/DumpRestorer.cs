using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Text;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using StatementTracker.Api.Data;
using static StatementTracker.Api.Dump.DumpFormat;

namespace StatementTracker.Api.Dump;

/// <summary>Why a restore wrote nothing, for the caller to answer with: the database was not empty, the dump is of another
/// schema, or the dump itself is wrong (not JSON, an unknown table or column, cut off, a row the database refuses).</summary>
public enum RestoreRefusal { DatabaseNotEmpty, OtherSchema, BadDump }

/// <summary>Why a restore wrote nothing.</summary>
/// <param name="Line">The dump's line (from 1) that is wrong; null when the dump was not the problem.</param>
/// <param name="Reason">What is wrong, in words for the person who made the file.</param>
public sealed record RestoreFailure(RestoreRefusal Refusal, long? Line, string Reason)
{
    /// <summary>One line for a log or a terminal: "line 12: people has no column 'nickname'."</summary>
    public string Message => Line is null ? Reason : $"line {Line}: {Reason}";
}

/// <summary>What a restore did: the rows written per table (in dump order), or the failure that left the database as it was.</summary>
public sealed record RestoreOutcome(IReadOnlyDictionary<string, long>? Counts, RestoreFailure? Failure)
{
    [MemberNotNullWhen(true, nameof(Counts))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Restored => Failure is null;
}

/// <summary>
/// Reads a dump (<see cref="DumpFormat"/>) into an empty database, line by line, in one write: either every row is
/// in, or nothing is. Rows go in verbatim, ids, revisions (seq included) and reversal history too; nothing needs
/// deriving afterwards but the current stances (one statement, in the same write) and each statement's parts document
/// (in batches, in the same write), since reversals are restored as they were and the full-text index and the
/// statements' flags fill themselves from triggers. The restore command calls it, and
/// so can any importer: <see cref="RestoreAsync"/>.
/// </summary>
public sealed class DumpRestorer(DbSession db, DumpStore store)
{
    /// <summary>
    /// Restores <paramref name="dump"/> (UTF-8 NDJSON, read once, front to back) into this database, which must hold
    /// none of the dump's data. Checks the header (format 1, this database's schema version), that every line is a
    /// known table's row with exactly its columns, in the dump's table order, that the trailer's counts equal the rows
    /// read, and that the database accepts every row. Inside a write that is already open on the session it takes a
    /// savepoint, so a failure undoes the restore and nothing else.
    /// </summary>
    public async Task<RestoreOutcome> RestoreAsync(Stream dump, CancellationToken ct)
    {
        await using var write = await db.BeginBulkWriteAsync(ct);
        await db.PrepareBulkLoadAsync(ct);
        // Checked inside the write, so nobody adds a row between the check and the restore.
        if (await store.FirstTableWithRowsAsync(ct) is { } table)
            return Refused(RestoreRefusal.DatabaseNotEmpty, null,
                $"the database holds data already (its {table} table has rows); a dump is restored only into an empty database.");

        var restore = new Restore(store, await store.SchemaVersionAsync(ct));
        try
        {
            var counts = await restore.ReadAsync(dump, ct);
            await restore.DisposeAsync();
            // Current stances and statements' parts documents are not dumped: they follow from the rows restored.
            await new Positions.PositionStore(db).RebuildCurrentAsync(ct);
            await new Statements.StatementPartsStore(db).WriteMissingAsync(ct);
            await write.CommitAsync(ct);
            return new RestoreOutcome(counts, null);
        }
        catch (RefusedException refused)
        {
            return new RestoreOutcome(null, refused.Failure);
        }
        finally
        {
            await restore.DisposeAsync();
        }
    }

    private static RestoreOutcome Refused(RestoreRefusal refusal, long? line, string reason) => new(null, new RestoreFailure(refusal, line, reason));

    private sealed class RefusedException(RestoreFailure failure) : Exception(failure.Message)
    {
        public RestoreFailure Failure { get; } = failure;
    }

    /// <summary>One restore's reading state: where it is in the dump, what it has counted, what it must still do.</summary>
    private sealed class Restore(DumpStore store, long schemaVersion) : IAsyncDisposable
    {
        private readonly long[] _counts = new long[DumpStore.Tables.Count];
        private readonly Dictionary<DumpTable, DumpStore.Inserter> _inserters = [];
        // Rows that name another row of their own table, set once the table is in: (line, table, id, value).
        private readonly List<(long Line, DumpTable Table, object Id, object Value)> _selfReferences = [];
        private long _line;
        private int _table = -1;

        /// <summary>Far beyond any row (a quote is at most 10,000 characters, a request body 1 MiB), and far below memory.</summary>
        private const long MaxLineBytes = 16 * 1024 * 1024;

        // Bytes that are not UTF-8 are an error to report, not text to guess at.
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public async Task<IReadOnlyDictionary<string, long>> ReadAsync(Stream dump, CancellationToken ct)
        {
            var reader = PipeReader.Create(dump, new StreamPipeReaderOptions(leaveOpen: true));
            try
            {
                TrailerLine? end = null;
                while (await NextAsync(reader, ct) is { } text)
                {
                    if (end is not null) throw Bad("the dump goes on after its end line.");
                    // An editor may have saved the file with a byte-order mark; it is not part of the header.
                    if (_line == 1 && text.StartsWith('\uFEFF')) text = text[1..];
                    var line = ParseLine(text);
                    if (_line == 1)
                    {
                        CheckHeader(line);
                        continue;
                    }
                    switch (line)
                    {
                        case HeaderLine: throw Bad("a second header: a dump has one, on its first line.");
                        case RowLine row: await InsertAsync(row, ct); break;
                        case TrailerLine trailer: CheckCounts(trailer); end = trailer; break;
                    }
                }
                if (_line == 0) throw new RefusedException(new RestoreFailure(RestoreRefusal.BadDump, 1, "the dump is empty; it starts with a header line."));
                if (end is null) throw Bad("the dump stops after this line without its end line, so it was cut off.");
            }
            finally
            {
                await reader.CompleteAsync();
            }
            await SetSelfReferencesAsync(ct);
            await store.ResumeIdentitiesAsync(ct);
            return DumpStore.Tables.Select((t, i) => (t.Name, _counts[i])).ToDictionary(c => c.Name, c => c.Item2);
        }

        /// <summary>
        /// The next line's text, without its line feed (or CR LF); null at the end. Lines are split as bytes and each
        /// decoded on its own, so bytes that are not UTF-8 are reported on their own line rather than guessed at, and
        /// a line longer than any row could be is refused before it fills memory.
        /// </summary>
        private async Task<string?> NextAsync(PipeReader reader, CancellationToken ct)
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                if (buffer.PositionOf((byte)'\n') is { } feed)
                {
                    var text = Decode(buffer.Slice(0, feed));
                    reader.AdvanceTo(buffer.GetPosition(1, feed));
                    return text;
                }
                if (buffer.Length > MaxLineBytes)
                    throw new RefusedException(new RestoreFailure(RestoreRefusal.BadDump, _line + 1, $"the line is longer than {MaxLineBytes / (1024 * 1024)} MiB; no row of a dump is."));
                if (read.IsCompleted)
                {
                    // The last line may end without a line feed; after it, the end.
                    var last = buffer.IsEmpty ? null : Decode(buffer);
                    reader.AdvanceTo(buffer.End);
                    return last;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        private string Decode(ReadOnlySequence<byte> bytes)
        {
            _line++;
            try
            {
                var text = Utf8.GetString(bytes);
                return text.EndsWith('\r') ? text[..^1] : text;
            }
            catch (DecoderFallbackException)
            {
                throw Bad("the line is not UTF-8 text.");
            }
        }

        private Line ParseLine(string text)
        {
            try
            {
                return Parse(text);
            }
            catch (BadLineException ex)
            {
                throw Bad(ex.Message);
            }
        }

        private void CheckHeader(Line line)
        {
            if (line is not HeaderLine header) throw Bad("the first line is not the dump's header ({\"type\":\"dump\",\"format\":1,...}).");
            if (header.Format != DumpFormat.Version) throw Bad($"the dump is of format {header.Format}; this version reads format {DumpFormat.Version}.");
            if (header.SchemaVersion != schemaVersion)
                throw new RefusedException(new RestoreFailure(RestoreRefusal.OtherSchema, _line,
                    $"dump of schema {header.SchemaVersion}, database at {schemaVersion}. Restore it with the release that wrote it, which makes a database of its schema, then start this release on that database to upgrade it."));
            if (!header.Tables.SequenceEqual(DumpStore.Tables.Select(t => t.Name)))
                throw Bad($"the header lists the tables {string.Join(", ", header.Tables)}; a format {DumpFormat.Version} dump holds {string.Join(", ", DumpStore.Tables.Select(t => t.Name))}, in that order.");
        }

        private async Task InsertAsync(RowLine row, CancellationToken ct)
        {
            var index = DumpStore.PlaceOf(row.Table);
            // Tables come in the dump's order, which is the order their foreign keys and triggers need: a stance's
            // statement is in before the stance, whose trigger copies the statement's person and time.
            if (index < _table) throw Bad($"a {row.Table.Name} row after {DumpStore.Tables[_table].Name} rows; a dump holds its tables in the order {string.Join(", ", DumpStore.Tables.Select(t => t.Name))}.");
            _table = index;
            var values = row.Values;
            if (row.Table.SelfReference is { } column && values[row.Table.IndexOf(column)] is { } named)
            {
                _selfReferences.Add((_line, row.Table, values[0] ?? "", named));
                values = (object?[])values.Clone();
                values[row.Table.IndexOf(column)] = null;
            }
            if (!_inserters.TryGetValue(row.Table, out var inserter))
                _inserters[row.Table] = inserter = await store.PrepareInsertAsync(row.Table, ct);
            try
            {
                await inserter.InsertAsync(values, ct);
            }
            // A cancelled restore is not the row's fault: it goes up as a cancellation, and the write rolls back.
            catch (DbException ex) when (!ct.IsCancellationRequested)
            {
                throw Bad($"the database refuses this {row.Table.Name} row: {Refusal(ex)}");
            }
            _counts[index]++;
        }

        private void CheckCounts(TrailerLine trailer)
        {
            foreach (var (table, i) in DumpStore.Tables.Select((t, i) => (t, i)))
            {
                if (!trailer.Counts.TryGetValue(table.Name, out var said)) throw Bad($"the end line has no count of {table.Name} rows.");
                if (said != _counts[i])
                    throw Bad($"the end line counts {said} {table.Name} rows, but the dump holds {_counts[i]}; it is not the dump that was written.");
            }
        }

        private async Task SetSelfReferencesAsync(CancellationToken ct)
        {
            foreach (var (line, table, id, value) in _selfReferences)
            {
                try
                {
                    await store.SetSelfReferenceAsync(table, id, value, ct);
                }
                catch (DbException ex) when (!ct.IsCancellationRequested)
                {
                    throw new RefusedException(new RestoreFailure(RestoreRefusal.BadDump, line,
                        $"the database refuses this {table.Name} row's {table.SelfReference} '{value}': {Refusal(ex)}"));
                }
            }
        }

        private RefusedException Bad(string reason) => new(new RestoreFailure(RestoreRefusal.BadDump, _line, reason));

        /// <summary>The database's reason without its error code, with what a failed foreign key means in a dump.</summary>
        private static string Refusal(DbException ex) => ex switch
        {
            SqliteException { SqliteExtendedErrorCode: 787 } // SQLITE_CONSTRAINT_FOREIGNKEY
                or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation } =>
                "it names a row the dump does not hold (FOREIGN KEY constraint failed).",
            Npgsql.PostgresException pg => $"{pg.MessageText}.",
            _ => $"{Inner(ex.Message)}.",
        };

        /// <summary>"SQLite Error 19: 'UNIQUE constraint failed: people.slug'." without the wrapping; a CHECK's own quotes stay.</summary>
        private static string Inner(string message) =>
            message.IndexOf('\'') is var first and >= 0 && message.LastIndexOf('\'') is var last && last > first ? message[(first + 1)..last] : message;

        public async ValueTask DisposeAsync()
        {
            foreach (var inserter in _inserters.Values) await inserter.DisposeAsync();
            _inserters.Clear();
        }
    }
}
