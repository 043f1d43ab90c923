using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace StatementTracker.Api.Infrastructure;

public enum ExportFormat { Csv, Ndjson }

/// <summary>Marks a list that can also be taken away as CSV or NDJSON (format= or Accept); the document and Accept negotiation read it.</summary>
public sealed record OffersExports
{
    public static readonly string[] ContentTypes = [Exports.Csv, Exports.Ndjson];
}

/// <summary>
/// Marks an endpoint whose answer is always streamed as it is read (a feed of every fact-check, the full dump):
/// the conditional-GET buffer must never hold it.
/// </summary>
public sealed record AlwaysStreamed;

/// <summary>Marks an endpoint whose answer is a file to save: the document names it in Content-Disposition, as <paramref name="Example"/>.</summary>
public sealed record Download(string Example);

/// <summary>
/// Lists a journalist can take away: the whole result of the filters (not one page) as CSV or NDJSON, chosen with
/// <c>format=</c> or Accept. Streamed: rows are written as their pages are read, so memory stays flat however
/// long the export, and the first bytes leave at once.
/// </summary>
public static class Exports
{
    public const string Csv = "text/csv";
    public const string Ndjson = "application/x-ndjson";

    /// <summary>The export asked for, if any: format= wins over Accept; format=json is the ordinary page.</summary>
    public static ExportFormat? Requested(HttpRequest request, string? format, ValidationErrors errors)
    {
        switch (format)
        {
            case null: break;
            case "csv": return ExportFormat.Csv;
            case "ndjson": return ExportFormat.Ndjson;
            case "json": return null;
            default:
                errors.Add("format", "format must be json, csv or ndjson.");
                return null;
        }
        // The type Accept rates highest wins; JSON on a tie, then CSV. Each type takes the quality of the most
        // specific range that names it (text/csv over text/* over */*), as RFC 9110 12.5.1 says.
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept)
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges)) return null;
        double Quality(string type)
        {
            var matching = ranges.Where(r => r.MatchesMediaType(type)).OrderByDescending(r => r.MatchesAllTypes ? 0 : r.MatchesAllSubTypes ? 1 : 2).FirstOrDefault();
            return matching?.Quality ?? (matching is null ? 0 : 1);
        }
        var (json, csv, ndjson) = (Quality("application/json"), Quality(Csv), Quality(Ndjson));
        if (json >= csv && json >= ndjson && json > 0) return null;
        if (csv >= ndjson && csv > 0) return ExportFormat.Csv;
        return ndjson > 0 ? ExportFormat.Ndjson : null;
    }

    /// <summary>Whether a request asks an endpoint that exports for an export (the conditional-GET buffer must not hold one).</summary>
    public static bool IsExport(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<AlwaysStreamed>() is not null
        || context.GetEndpoint()?.Metadata.GetMetadata<OffersExports>() is not null
        && (context.Request.Query.ContainsKey("format") && context.Request.Query["format"] != "json"
            || Requested(context.Request, null, new ValidationErrors()) is not null);

    /// <summary>
    /// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A cell that a
    /// spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage return) is prefixed with
    /// an apostrophe, so an exported quote can never run as one.
    /// </summary>
    public static string Cell(string? value, bool guard = true)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (guard && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

/// <summary>A streamed export of <typeparamref name="T"/>: a header and a row per item in CSV, or one JSON object a line.</summary>
/// <param name="ownColumns">Columns whose values the service writes itself (ids, dates, offsets such as -04:00): they are never
/// mistaken for formulas, so the guard that protects people's words leaves them as they are.</param>
public sealed class StreamedExport<T>(ExportFormat format, string fileName, IReadOnlyList<string> header, Func<T, IEnumerable<string?>> row,
    IAsyncEnumerable<T> items, IReadOnlySet<string>? ownColumns = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        var csv = format == ExportFormat.Csv;
        response.ContentType = csv ? $"{Exports.Csv}; charset=utf-8; header=present" : $"{Exports.Ndjson}; charset=utf-8";
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}-{date}.{(csv ? "csv" : "ndjson")}\"";
        response.Headers.CacheControl = "no-store";
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var ct = http.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
        // A byte-order mark tells spreadsheet programs the file is UTF-8, so non-Latin and right-to-left text opens intact.
        if (csv)
        {
            await writer.WriteAsync('\uFEFF');
            await writer.WriteAsync(string.Join(',', header.Select(name => Exports.Cell(name))) + "\r\n");
        }
        var own = header.Select(name => ownColumns?.Contains(name) == true).ToArray();
        var written = 0;
        await foreach (var item in items.WithCancellation(ct))
        {
            if (csv) await writer.WriteAsync(string.Join(',', row(item).Select((string? cell, int i) => Exports.Cell(cell, guard: !own[i]))) + "\r\n");
            else await writer.WriteAsync(JsonSerializer.Serialize(item, json) + "\n");
            // Flush each few hundred rows: the client sees progress, and the buffer stays small.
            if (++written % 200 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }
}
