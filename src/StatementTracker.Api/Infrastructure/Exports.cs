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
        // JSON whenever Accept allows it, unless it names a download outright; otherwise the download it allows.
        var accept = request.Headers.Accept;
        var text = accept.ToString();
        if (text.Contains(Csv, StringComparison.OrdinalIgnoreCase) && Negotiation.Allows(accept, [Csv]) == true) return ExportFormat.Csv;
        if (text.Contains(Ndjson, StringComparison.OrdinalIgnoreCase) && Negotiation.Allows(accept, [Ndjson]) == true) return ExportFormat.Ndjson;
        if (Negotiation.Allows(accept, ["application/json"]) != false) return null;
        if (Negotiation.Allows(accept, [Csv]) == true) return ExportFormat.Csv;
        return Negotiation.Allows(accept, [Ndjson]) == true ? ExportFormat.Ndjson : null;
    }

    /// <summary>Whether a request asks for an export (the conditional-GET buffer must not hold one).</summary>
    public static bool IsExport(HttpRequest request) =>
        request.Query.ContainsKey("format") && request.Query["format"] != "json"
        || Requested(request, null, new ValidationErrors()) is not null;

    /// <summary>
    /// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A cell that a
    /// spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage return) is prefixed with
    /// an apostrophe, so an exported quote can never run as one.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

/// <summary>A streamed export of <typeparamref name="T"/>: a header and a row per item in CSV, or one JSON object a line.</summary>
public sealed class StreamedExport<T>(ExportFormat format, string fileName, IReadOnlyList<string> header, Func<T, IEnumerable<string?>> row,
    IAsyncEnumerable<T> items) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        var csv = format == ExportFormat.Csv;
        response.ContentType = csv ? $"{Exports.Csv}; charset=utf-8; header=present" : $"{Exports.Ndjson}; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.{(csv ? "csv" : "ndjson")}\"";
        response.Headers.CacheControl = "no-store";
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var ct = http.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
        // A byte-order mark tells spreadsheet programs the file is UTF-8, so non-Latin and right-to-left text opens intact.
        if (csv)
        {
            await writer.WriteAsync('\uFEFF');
            await writer.WriteAsync(string.Join(',', header.Select(Exports.Cell)) + "\r\n");
        }
        var written = 0;
        await foreach (var item in items.WithCancellation(ct))
        {
            if (csv) await writer.WriteAsync(string.Join(',', row(item).Select(Exports.Cell)) + "\r\n");
            else await writer.WriteAsync(JsonSerializer.Serialize(item, json) + "\n");
            // Flush each few hundred rows: the client sees progress, and the buffer stays small.
            if (++written % 200 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }
}
