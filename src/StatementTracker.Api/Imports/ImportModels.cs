using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace StatementTracker.Api.Imports;

/// <summary>What an import is asked to do.</summary>
/// <param name="Format">ndjson, csv, claimreview, liar2 or trump-tweets.</param>
/// <param name="CreatePeople">Create a person named by a statement who is not here yet, instead of reporting the line.</param>
/// <param name="DryRun">Check every line and count what would change, then write nothing.</param>
/// <param name="FileName">The file's name, cited by dataset mappings in the sources of records that have no page of their own.</param>
public sealed record ImportSettings(string Format, bool CreatePeople, bool DryRun, string FileName);

/// <summary>How many records of one type an import created, updated and found unchanged.</summary>
public sealed record ImportTally(long Created, long Updated, long Unchanged);

/// <summary>One line the import could not take, or left out on purpose.</summary>
/// <param name="Line">The line the record starts on (for ClaimReview, the item's number).</param>
/// <param name="Field">The field at fault as a JSON path ("quote", "sources[0].url"); empty for the whole record.</param>
/// <param name="Skipped">True when a dataset mapping left the row out on purpose (a speaker who is no person, a retweet of someone else's words).</param>
public sealed record ImportProblem(long Line, string Field, string Message, bool Skipped);

/// <summary>An import job: what was asked, how far it has got, and what came of it.</summary>
/// <param name="Status">queued, running, succeeded (every line was read; some may have errors) or failed (the job stopped: see message).</param>
/// <param name="Bytes">The size of the upload.</param>
/// <param name="BytesRead">How much of it has been read; with bytes, the progress. Null when it is not known: for a job queued or running on another node of the service, whose progress (this and the counts so far) that node shows, and this one once the job ends; and for a failed job, whose counts are kept but not how far it read.</param>
/// <param name="Records">Records read so far (lines, CSV rows, ClaimReview items; a dataset row may give several).</param>
/// <param name="Skipped">Rows a dataset mapping left out on purpose; each is listed with its reason among the errors.</param>
/// <param name="Errors">Records refused, each listed with its line, field and rule (the first 10,000 are kept).</param>
/// <param name="ByType">Created, updated and unchanged per type of record.</param>
/// <param name="FirstErrors">The first 20 problems; all of them are at /v1/imports/{id}/errors.</param>
/// <param name="Message">Why the job failed, when it did; for a job another node runs, that its progress is shown there.</param>
public sealed record ImportJob(
    string Id, [property: AllowedValues("queued", "running", "succeeded", "failed")] string Status, string Format, bool CreatePeople, bool DryRun,
    string? FileName, long? Bytes, long? BytesRead, long Records, long Created, long Updated, long Unchanged, long Skipped, long Errors,
    IReadOnlyDictionary<string, ImportTally> ByType, IReadOnlyList<ImportProblem> FirstErrors, string? Message, string? RecordedBy,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);

/// <summary>Query parameters of a new import.</summary>
public sealed record ImportQuery
{
    [Description("ndjson (the API's own shapes, one record per line), csv (header names are the fields' JSON paths), claimreview (schema.org JSON-LD: one object, an array or a DataFeed), or a dataset mapping: liar2 or trump-tweets; dump (admin) restores GET /v1/export into an empty database. Taken from Content-Type when left out: application/x-ndjson, text/csv, application/ld+json.")] public string? Format { get; init; }
    [Description("true to create a person a statement names who is not here yet (matched first by slug, then by name or alias)."), DefaultValue(false)] public bool? CreatePeople { get; init; }
    [Description("true to check every line and count what would change without writing anything."), DefaultValue(false)] public bool? DryRun { get; init; }
    [Description("The file's name, cited in the sources of dataset rows that have no page of their own (LIAR2's test.csv).")] public string? FileName { get; init; }
}

/// <summary>Query parameters of the list of imports and of a job's errors.</summary>
public sealed record ImportListQuery
{
    [Description("Page size, 1 to 200."), DefaultValue(50), Range(1, 200)] public long? Limit { get; init; }
    [Description("nextCursor from the previous page.")] public string? Cursor { get; init; }
}
