using System.Globalization;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Dump;

public static class DumpApi
{
    public static IEndpointRouteBuilder MapDump(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/export", ExportDatabase)
            .WithTags(ApiTags.Data)
            .WithName("ExportDatabase")
            .WithSummary("Dump the whole database")
            .WithDescription(DumpExamples.Description)
            .Produces<string>(StatusCodes.Status200OK, DumpFormat.ContentType)
            .WithResponseExample(StatusCodes.Status200OK, DumpExamples.Dump)
            .WithMetadata(new AlwaysStreamed(), new Download("statementtracker-dump-2026-11-30.ndjson"))
            // Admin: the dump carries retracted records, who recorded every change, and the raw imports.
            .RequireScope(Scopes.Admin);

        return app;
    }

    public static DatabaseDump ExportDatabase() => new();
}

/// <summary>The whole database as NDJSON (<see cref="DumpFormat"/>), streamed as it is read from one snapshot.</summary>
public sealed class DatabaseDump : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var now = DateTime.UtcNow;
        var response = http.Response;
        response.ContentType = $"{DumpFormat.ContentType}; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"statementtracker-dump-{now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.ndjson\"";
        response.Headers.CacheControl = "no-store";
        await DumpFormat.WriteAsync(http.RequestServices.GetRequiredService<DumpStore>(), response.BodyWriter, now, http.RequestAborted);
    }
}
