using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Imports;

public static class ImportsApi
{
    /// <summary>How long a client may ask POST /v1/imports to wait for its job (Prefer: wait=N) before it answers 202.</summary>
    public const int MaxWaitSeconds = 60;

    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/imports").WithTags(ApiTags.Imports);

        group.MapPost("/", CreateImport)
            .WithName("CreateImport")
            .WithSummary("Import a file of records")
            .WithDescription("Takes a whole file: NDJSON in the API's own shapes (one record per line, `type` person, topic, statement, link or review; statement when left out), CSV whose header names are the fields' JSON paths (`sources[0].url`), ClaimReview JSON-LD, or a public dataset through its mapping (liar2, trump-tweets); or, with an admin key, a whole dump from GET /v1/export (format=dump), restored as it was into an empty database or not at all. The upload is spooled to disk and imported by a job: the answer is 202 with the job at Location, or, with `Prefer: wait=N` (at most 60 seconds) and a job that finished in time, 201 with its result. Every record is checked by the API's own rules and written with its revisions; bad lines are reported with their line and field, and the rest are imported. Records are found again by their key (slug, externalId, a link's ends and relation), so importing the same file again changes nothing: each counts as unchanged, or updated when it differs. Statements and reviews in an import need an externalId for that reason.")
            .Accepts<string>("application/x-ndjson", "text/csv", "application/ld+json", "application/octet-stream")
            .WithMetadata(new TakesUploads())
            .WithRequestExample(ImportExamples.Ndjson, "application/x-ndjson")
            .WithRequestExample(ImportExamples.Csv, "text/csv")
            .WithRequestExample(ImportExamples.ClaimReview, "application/ld+json")
            .WithRequestExample(ImportExamples.Csv, "application/octet-stream")
            .WithResponseExample(StatusCodes.Status202Accepted, ImportExamples.Queued)
            .WithResponseExample(StatusCodes.Status201Created, ImportExamples.Finished)
            .Produces<ImportJob>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/", ListImports)
            .WithName("ListImports")
            .WithSummary("List imports")
            .WithDescription("Import jobs, newest first, with their counts. Needs a write key: the list says who imported what.")
            .WithResponseExample(StatusCodes.Status200OK, new Page<ImportJob>([ImportExamples.Finished], null))
            .RequireScope("write");

        group.MapGet("/{importId}", GetImport)
            .WithName("GetImport")
            .WithSummary("An import's progress and result")
            .WithDescription("While it runs: how much of the file has been read (bytesRead of bytes) and what has been created, updated, found unchanged, skipped or refused so far. That live progress is shown by the node that runs the job, the one that took the upload: with several nodes behind a load balancer, another node shows a queued or running job with bytesRead null and a `message` saying so, and its counts once it ends. Once it ends: succeeded (every line was read; some may have errors, listed with their line and field) or failed (the job stopped; `message` says why, and what was written stays). The first 20 problems are here; all of them at /v1/imports/{importId}/errors.")
            .WithResponseExample(StatusCodes.Status200OK, ImportExamples.Finished)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope("write");

        group.MapGet("/{importId}/errors", ListImportErrors)
            .WithName("ListImportErrors")
            .WithSummary("An import's errors")
            .WithDescription("Every line the import refused or left out, in file order, each with its line, the field at fault and the rule it broke (the first 10,000 of a job are kept).")
            .WithResponseExample(StatusCodes.Status200OK, new Page<ImportProblem>(ImportExamples.Finished.FirstErrors, null))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope("write");

        return group;
    }

    public static async Task<Results<Created<ImportJob>, Accepted<ImportJob>, ValidationProblem, ProblemHttpResult>> CreateImport(
        [AsParameters] ImportQuery query, HttpContext http, ImportJobs jobs, ImportJobStore store, IOptions<StatementTrackerOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var format = query.Format ?? ImportSources.FormatOf(http.Request.ContentType);
        if (query.Format is not null && !ImportSources.Formats.Contains(query.Format, StringComparer.Ordinal))
            errors.Add("format", $"format must be one of: {string.Join(", ", ImportSources.Formats)}.");
        var fileName = errors.OptionalText("fileName", query.FileName, 200) ?? "upload";
        var wait = Wait(http.Request.Headers["Prefer"].ToString(), errors);
        if (errors.Any) return Problems.Invalid(errors);
        // A dump replaces what an empty database holds, revisions and all: an administrator's act, not an editor's.
        if (format == ImportSources.Dump && !(http.ApiKey() is { } key && Scopes.Allows(key.Scope, Scopes.Admin)))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The API key's scope is too low.",
                detail: "Restoring a dump (format=dump) needs a key with scope admin.");
        if (format is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: $"Say what the file is: format= one of {string.Join(", ", ImportSources.Formats)}, or Content-Type application/x-ndjson, text/csv or application/ld+json (it was '{http.Request.ContentType}').",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["format"] = [$"format is required with Content-Type '{http.Request.ContentType}'; one of: {string.Join(", ", ImportSources.Formats)}."] } });

        var id = Ids.New("imp");
        var directory = options.Value.ImportSpoolDirectory ?? Path.Combine(Path.GetTempPath(), "statementtracker-imports");
        Directory.CreateDirectory(directory);
        var spool = Path.Combine(directory, $"{id}.upload");
        long bytes;
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                await http.Request.Body.CopyToAsync(file, ct);
            bytes = new FileInfo(spool).Length;
        }
        catch
        {
            File.Delete(spool);
            throw;
        }
        if (bytes == 0)
        {
            File.Delete(spool);
            errors.Add("body", "the file is empty: send the records to import as the request body.");
            return Problems.Invalid(errors);
        }

        var settings = new ImportSettings(format, query.CreatePeople ?? false, query.DryRun ?? false, fileName);
        var write = WriteContext.From(http);
        IAsyncDisposable hold;
        try
        {
            hold = await store.InsertAsync(id, settings, bytes, "queued", write, ct);
        }
        catch
        {
            File.Delete(spool);
            throw;
        }
        jobs.Enqueue(new QueuedImport(id, spool, settings, write, hold));
        var location = $"/v1/imports/{id}";
        if (wait > TimeSpan.Zero && await jobs.WaitAsync(id, wait, ct))
            return TypedResults.Created(location, (await store.FindAsync(id, ct))!.ToJob(await FirstErrorsAsync(store, id, ct), null));
        return TypedResults.Accepted(location, (await store.FindAsync(id, ct))!.ToJob([], jobs.Live(id)));
    }

    public static async Task<Results<Ok<Page<ImportJob>>, ValidationProblem>> ListImports(
        [AsParameters] ImportListQuery query, ImportJobStore store, ImportJobs jobs, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var before = Cursor.Decode<ImportsCursor>(query.Cursor, "imports", errors);
        if (errors.Any) return Problems.Invalid(errors);
        var rows = await store.ListAsync(before, limit + 1, ct);
        return TypedResults.Ok(Cursor.ToPage(rows, limit, r => r.ToJob([], jobs.Live(r.Id)), r => Cursor.Encode("imports", new ImportsCursor(r.CreatedAt, r.Id))));
    }

    public static async Task<Results<Ok<ImportJob>, ProblemHttpResult>> GetImport(string importId, ImportJobStore store, ImportJobs jobs, CancellationToken ct)
    {
        if (await store.FindAsync(importId, ct) is not { } row) return Problems.NotFound("import", importId);
        var live = jobs.Live(importId);
        return TypedResults.Ok(row.ToJob(live is null ? await FirstErrorsAsync(store, importId, ct) : [], live));
    }

    public static async Task<Results<Ok<Page<ImportProblem>>, ValidationProblem, ProblemHttpResult>> ListImportErrors(
        string importId, [AsParameters] ImportListQuery query, ImportJobStore store, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors);
        var after = Cursor.Decode<ImportErrorsCursor>(query.Cursor, $"import-errors:{importId}", errors);
        if (errors.Any) return Problems.Invalid(errors);
        if (await store.FindAsync(importId, ct) is null) return Problems.NotFound("import", importId);
        var rows = await store.ErrorsAsync(importId, after?.Seq, limit + 1, ct);
        return TypedResults.Ok(Cursor.ToPage(rows, limit, r => r.Problem, r => Cursor.Encode($"import-errors:{importId}", new ImportErrorsCursor(r.Seq))));
    }

    private static async Task<IReadOnlyList<ImportProblem>> FirstErrorsAsync(ImportJobStore store, string id, CancellationToken ct) =>
        (await store.ErrorsAsync(id, null, 20, ct)).Select(e => e.Problem).ToList();

    /// <summary>Prefer: wait=N (RFC 7240): how long the client will wait for the job; zero when it did not ask.</summary>
    private static TimeSpan Wait(string prefer, ValidationErrors errors)
    {
        foreach (var preference in prefer.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
            if (!parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)) continue;
            if (parts.Length == 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(Math.Min(seconds, MaxWaitSeconds));
            errors.Add("Prefer", "Prefer: wait must be a whole number of seconds, e.g. Prefer: wait=10.");
        }
        return TimeSpan.Zero;
    }
}
