using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Dump;

/// <summary>
/// The dump's format, written and read in this one file. NDJSON in UTF-8: a header line
/// <c>{"type":"dump","format":1,"schemaVersion":11,"exportedAt":"…Z","tables":["people",…]}</c>, then one line per row,
/// <c>{"table":"people","row":{"id":…,"slug":…}}</c>, with every column by its database name and its value as stored
/// (text, integer, real or null), tables in <see cref="DumpStore.Tables"/> order; last a trailer
/// <c>{"type":"end","counts":{"people":7,…}}</c>, so a reader can tell a whole dump from one that was cut off.
/// </summary>
public static class DumpFormat
{
    /// <summary>The format this version writes and reads; a change a reader of format 1 would misread gets a new number.</summary>
    public const int Version = 1;

    public const string ContentType = "application/x-ndjson";

    /// <summary>Readable text: non-Latin quotes stay as they are; quotes, control characters and line breaks are escaped.</summary>
    private static readonly JsonWriterOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How far a dump has got: the rows of <paramref name="Table"/> written so far, and whether that is all of them.</summary>
    public sealed record Progress(string Table, long Rows, bool TableDone);

    /// <summary>A big table reports its progress this often, besides once when it is done.</summary>
    public const long ProgressEvery = 50_000;

    /// <summary>
    /// Writes the whole database as read in one snapshot, flushing every few hundred rows so memory stays flat and the
    /// first bytes leave at once. Answers the rows written per table, as the trailer counts them. A command that
    /// shows how far it has got passes <paramref name="progress"/>: it hears of every table when it is done (empty ones
    /// too) and every <see cref="ProgressEvery"/> rows of a big one.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> WriteAsync(DumpStore store, PipeWriter output, DateTime now, CancellationToken ct,
        Func<Progress, Task>? progress = null)
    {
        await using var snapshot = await store.BeginSnapshotAsync(ct);
        using var json = new Utf8JsonWriter(output, Output);

        json.WriteStartObject();
        json.WriteString("type", "dump");
        json.WriteNumber("format", Version);
        json.WriteNumber("schemaVersion", snapshot.SchemaVersion);
        json.WriteString("exportedAt", UtcText.Format(now));
        json.WriteStartArray("tables");
        foreach (var table in DumpStore.Tables) json.WriteStringValue(table.Name);
        json.WriteEndArray();
        json.WriteEndObject();
        FinishLine(json, output);

        var counts = new Dictionary<string, long>();
        var written = 0L;
        foreach (var table in DumpStore.Tables)
        {
            var count = 0L;
            await foreach (var values in snapshot.RowsAsync(table, ct))
            {
                json.WriteStartObject();
                json.WriteString("table", table.Name);
                json.WriteStartObject("row");
                for (var i = 0; i < values.Length; i++)
                {
                    json.WritePropertyName(table.Columns[i]);
                    switch (values[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case long integer: json.WriteNumberValue(integer); break;
                        case double real: json.WriteNumberValue(real); break;
                        case string text: json.WriteStringValue(text); break;
                        // The schema stores no blobs; one put there behind the service's back stops the dump before
                        // its trailer, so the file is recognisably incomplete rather than silently short of a value.
                        default: throw new InvalidOperationException($"{table.Name}.{table.Columns[i]} holds a {values[i]!.GetType().Name}; a dump holds text, numbers and null.");
                    }
                }
                json.WriteEndObject();
                json.WriteEndObject();
                FinishLine(json, output);
                count++;
                if (++written % 500 == 0) await output.FlushAsync(ct);
                if (progress is not null && count % ProgressEvery == 0) await progress(new Progress(table.Name, count, TableDone: false));
            }
            counts[table.Name] = count;
            if (progress is not null) await progress(new Progress(table.Name, count, TableDone: true));
        }

        json.WriteStartObject();
        json.WriteString("type", "end");
        json.WriteStartObject("counts");
        foreach (var (name, count) in counts) json.WriteNumber(name, count);
        json.WriteEndObject();
        json.WriteEndObject();
        FinishLine(json, output);
        await output.FlushAsync(ct);
        return counts;
    }

    /// <summary>Ends a line: the object goes to the output, then a line feed, and the writer starts the next line afresh.</summary>
    private static void FinishLine(Utf8JsonWriter json, PipeWriter output)
    {
        json.Flush();
        output.Write("\n"u8);
        json.Reset();
    }

    /// <summary>What one line of a dump says.</summary>
    public abstract record Line;

    public sealed record HeaderLine(long Format, long SchemaVersion, IReadOnlyList<string> Tables) : Line;

    public sealed record RowLine(DumpTable Table, object?[] Values) : Line;

    public sealed record TrailerLine(IReadOnlyDictionary<string, long> Counts) : Line;

    /// <summary>A line that is not what a dump holds, and why, in words for the person who made the file.</summary>
    public sealed class BadLineException(string message) : Exception(message);

    private static readonly JsonDocumentOptions Input = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Reads one line strictly: a header, a row or the trailer, with no field, table or column this format does not
    /// have; anything else is a <see cref="BadLineException"/>. Tables and columns are looked up in
    /// <see cref="DumpStore.Tables"/>, so nothing a file says ever becomes a name in SQL.
    /// </summary>
    public static Line Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Input);
        }
        catch (JsonException ex)
        {
            throw new BadLineException(text.Length == 0 ? "the line is empty; a dump has no blank lines."
                : $"the line is not JSON (it goes wrong at byte {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}).");
        }
        using (document)
        {
            var line = document.RootElement;
            if (line.ValueKind != JsonValueKind.Object) throw new BadLineException($"the line is a JSON {Kind(line)}, not an object.");
            if (line.TryGetProperty("table", out _)) return Row(line);
            if (!line.TryGetProperty("type", out var type)) throw new BadLineException("the line has neither \"table\" (a row) nor \"type\" (the header or the end line).");
            return type.ValueKind == JsonValueKind.String ? type.GetString() switch
            {
                "dump" => Header(line),
                "end" => End(line),
                var other => throw new BadLineException($"\"type\" is \"{other}\"; a dump's lines are of type \"dump\" (the header) or \"end\" (the last line)."),
            } : throw new BadLineException($"\"type\" is a JSON {Kind(type)}, not text.");
        }
    }

    private static HeaderLine Header(JsonElement line)
    {
        // The format first: a header of another format may have other fields, and its number is what to report.
        var format = Integer(line, "format", "the header");
        if (format != Version) return new HeaderLine(format, 0, []);
        OnlyFields(line, "the header", "type", "format", "schemaVersion", "exportedAt", "tables");
        var schemaVersion = Integer(line, "schemaVersion", "the header");
        if (!line.TryGetProperty("exportedAt", out var exportedAt) || exportedAt.ValueKind != JsonValueKind.String)
            throw new BadLineException("the header has no \"exportedAt\" text.");
        if (!line.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Array
            || tables.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            throw new BadLineException("the header has no \"tables\" list of names.");
        return new HeaderLine(format, schemaVersion, tables.EnumerateArray().Select(t => t.GetString()!).ToList());
    }

    private static RowLine Row(JsonElement line)
    {
        OnlyFields(line, "a row line", "table", "row");
        var name = line.GetProperty("table");
        if (name.ValueKind != JsonValueKind.String) throw new BadLineException($"\"table\" is a JSON {Kind(name)}, not a table's name.");
        var table = DumpStore.Find(name.GetString()!)
            ?? throw new BadLineException($"'{name.GetString()}' is not a table a dump holds ({string.Join(", ", DumpStore.Tables.Select(t => t.Name))}).");
        if (!line.TryGetProperty("row", out var row) || row.ValueKind != JsonValueKind.Object)
            throw new BadLineException($"the {table.Name} line has no \"row\" object.");
        var values = new object?[table.Columns.Count];
        var seen = new bool[table.Columns.Count];
        foreach (var column in row.EnumerateObject())
        {
            var i = table.IndexOf(column.Name);
            if (i < 0) throw new BadLineException($"{table.Name} has no column '{column.Name}'.");
            seen[i] = true;
            values[i] = Value(column.Value, $"{table.Name}.{column.Name}");
        }
        if (Array.IndexOf(seen, false) is var missing and >= 0)
            throw new BadLineException($"the {table.Name} row has no '{table.Columns[missing]}'; a dump's row holds every column, null included.");
        return new RowLine(table, values);
    }

    private static TrailerLine End(JsonElement line)
    {
        OnlyFields(line, "the end line", "type", "counts");
        if (!line.TryGetProperty("counts", out var counts) || counts.ValueKind != JsonValueKind.Object)
            throw new BadLineException("the end line has no \"counts\" object.");
        var read = new Dictionary<string, long>();
        foreach (var count in counts.EnumerateObject())
        {
            if (DumpStore.Find(count.Name) is null) throw new BadLineException($"the end line counts '{count.Name}', which is not a table a dump holds.");
            read[count.Name] = Integer(counts, count.Name, "the end line's counts");
        }
        return new TrailerLine(read);
    }

    /// <summary>A value as SQLite stores it: text, an integer, a real or null. A dump never holds true, false, lists or objects.</summary>
    private static object? Value(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when value.TryGetDouble(out var real) && double.IsFinite(real) => real,
        JsonValueKind.Number => throw new BadLineException($"{where} is a number SQLite cannot hold."),
        _ => throw new BadLineException($"{where} is a JSON {Kind(value)}; a dump's values are text, numbers or null."),
    };

    private static long Integer(JsonElement parent, string name, string where) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var integer)
            ? integer
            : throw new BadLineException($"{where} has no whole number \"{name}\".");

    private static void OnlyFields(JsonElement line, string what, params string[] allowed)
    {
        foreach (var field in line.EnumerateObject())
        {
            if (!allowed.Contains(field.Name, StringComparer.Ordinal))
                throw new BadLineException($"{what} has a field \"{field.Name}\" that format {Version} does not have (it has {string.Join(", ", allowed)}).");
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message) => message.Split(" LineNumber:")[0].TrimEnd('.');
}
