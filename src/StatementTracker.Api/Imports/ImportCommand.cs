using System.Diagnostics;
using System.Globalization;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Imports;

/// <summary>
/// <c>import FILE [--format ndjson|csv|claimreview|liar2|trump-tweets|dump] [--create-people] [--dry-run] [--as NAME]</c>:
/// the bulk import for files too large to upload, run in this process against the database, with a progress bar on
/// a terminal (a plain line every few seconds when the output is a file or a pipe) and a summary at the end. It is
/// the same import as POST /v1/imports, and is listed among the jobs. Exit code 0 when every record went in, 3 when
/// some were refused (each is printed), 1 when the import could not run.
/// </summary>
public static class ImportCommand
{
    public const int SomeRefused = 3;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, bool? interactive = null)
    {
        if (!TryParse(args, out var path, out var settings, out var recordedBy, out var problem))
        {
            await error.WriteLineAsync($"import: {problem}");
            await error.WriteLineAsync($"usage: import FILE [--format {string.Join("|", ImportSources.Formats)}] [--create-people] [--dry-run] [--as NAME]");
            return 1;
        }
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"import: no file at {path}.");
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ImportJobStore>();
        var write = new WriteContext(recordedBy, null, null, DateTime.UtcNow);
        var id = Ids.New("imp");
        var total = new FileInfo(path).Length;
        // Held while it runs, so a node of the service starting meanwhile leaves the job to this process.
        await using var hold = await store.InsertAsync(id, settings, total, "running", write, CancellationToken.None);

        var report = new ImportReport();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var progress = ShowProgressAsync(report, total, clock, output, interactive ?? !Console.IsOutputRedirected, stop.Token);
        string status = "succeeded";
        string? message = null;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
            runner.RecordsPerCommit = ImportRunner.CommandBatchSize;
            await runner.RunAsync(file, settings, write, report, CancellationToken.None);
        }
        catch (ImportRefusedException refused)
        {
            (status, message) = ("failed", refused.Message);
        }
        catch (Exception e)
        {
            (status, message) = ("failed", $"The import stopped on an unexpected error: {e.Message}");
        }
        finally
        {
            await stop.CancelAsync();
            await progress;
        }
        await store.FinishAsync(id, status, report, message, CancellationToken.None);
        await hold.DisposeAsync();

        foreach (var p in report.Problems())
            await output.WriteLineAsync($"{(p.Skipped ? "skipped" : "error")} line {p.Line}{(p.Field.Length > 0 ? $" {p.Field}" : "")}: {p.Message}");
        await output.WriteLineAsync(Summary(report, clock.Elapsed, settings.DryRun));
        await output.WriteLineAsync($"job {id}: GET /v1/imports/{id} lists it; its errors are at /v1/imports/{id}/errors.");
        if (message is not null)
        {
            await error.WriteLineAsync($"import: {message}");
            return 1;
        }
        return report.Errors > 0 ? SomeRefused : 0;
    }

    public static string Summary(ImportReport report, TimeSpan elapsed, bool dryRun)
    {
        var rate = elapsed.TotalSeconds > 0 ? report.Records / elapsed.TotalSeconds : 0;
        var types = string.Join("; ", report.ByType.Select(t => $"{t.Key}: {t.Value.Created:N0} created, {t.Value.Updated:N0} updated, {t.Value.Unchanged:N0} unchanged"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{(dryRun ? "dry run, nothing written: " : "")}{report.Records:N0} records in {elapsed.TotalSeconds:0.0} s ({rate:N0}/s): {report.Created:N0} created, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {report.Skipped:N0} skipped, {report.Errors:N0} errors.{(types.Length > 0 ? $" {types}." : "")}");
    }

    /// <summary>A bar redrawn in place on a terminal; elsewhere a line every five seconds, which a log keeps readable.</summary>
    private static async Task ShowProgressAsync(ImportReport report, long total, Stopwatch clock, TextWriter output, bool interactive, CancellationToken ct)
    {
        var every = interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(every, ct);
                await Draw();
            }
        }
        catch (OperationCanceledException) { }
        await Draw();
        if (interactive) await output.WriteLineAsync();

        async Task Draw()
        {
            var share = total > 0 ? Math.Min(1.0, report.BytesRead / (double)total) : 1.0;
            var rate = clock.Elapsed.TotalSeconds > 0 ? report.Records / clock.Elapsed.TotalSeconds : 0;
            var counts = string.Create(CultureInfo.InvariantCulture,
                $"{share * 100,3:0}% {report.Records:N0} records {rate:N0}/s  created {report.Created:N0} updated {report.Updated:N0} unchanged {report.Unchanged:N0} skipped {report.Skipped:N0} errors {report.Errors:N0}");
            if (interactive)
            {
                const int width = 30;
                var filled = (int)Math.Round(share * width);
                await output.WriteAsync($"\r[{new string('#', filled)}{new string('.', width - filled)}] {counts}");
            }
            else await output.WriteLineAsync(counts);
        }
    }

    private static bool TryParse(string[] args, out string path, out ImportSettings settings, out string recordedBy, out string problem)
    {
        (path, settings, recordedBy, problem) = ("", new ImportSettings("ndjson", false, false, ""), "cli-import", "");
        string? format = null, file = null;
        var (createPeople, dryRun) = (false, false);
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length: format = args[++i]; break;
                case "--as" when i + 1 < args.Length: recordedBy = args[++i]; break;
                case "--create-people": createPeople = true; break;
                case "--dry-run": dryRun = true; break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal): problem = $"unknown option {flag}."; return false;
                case var name when file is null: file = name; break;
                default: problem = $"one file at a time ('{args[i]}' is a second)."; return false;
            }
        }
        if (file is null) { problem = "name the file to import."; return false; }
        format ??= Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".ndjson" or ".jsonl" => "ndjson",
            ".csv" => "csv",
            ".json" or ".jsonld" => "claimreview",
            _ => null,
        };
        if (format is null || !ImportSources.Formats.Contains(format))
        {
            problem = $"--format must be one of: {string.Join(", ", ImportSources.Formats)}{(format is null ? " (the file's extension does not say)" : "")}.";
            return false;
        }
        path = CommandLinePaths.Resolve(file);
        settings = new ImportSettings(format, createPeople, dryRun, Path.GetFileName(file));
        return true;
    }
}
