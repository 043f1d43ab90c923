using System.Collections.Concurrent;
using System.Threading.Channels;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Imports;

/// <summary>
/// An upload waiting for its turn: the job, the file it was spooled to, who sent it, and this node's hold on the job
/// (<see cref="ImportJobLocks"/>), released when the job ends.
/// </summary>
public sealed record QueuedImport(string JobId, string SpoolPath, ImportSettings Settings, WriteContext Write, IAsyncDisposable Hold);

/// <summary>
/// The imports this service is running: a queue the worker takes jobs from one at a time, and the live count of the
/// running one, which the progress resource reads. A finished job's counts live in the database; so does a job
/// another node runs, whose live count only that node has.
/// </summary>
public sealed class ImportJobs
{
    private readonly Channel<QueuedImport> _queue = Channel.CreateUnbounded<QueuedImport>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, (ImportReport Report, TaskCompletionSource Done)> _running = new();
    private readonly TaskCompletionSource<int> _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done once the worker, starting, has failed the jobs that no live node runs any more (<see cref="ImportJobStore.FailInterruptedAsync"/>);
    /// its result is how many it failed.
    /// </summary>
    public Task<int> Recovered => _recovered.Task;

    internal void RecoveryDone(int failed) => _recovered.TrySetResult(failed);

    internal void RecoveryFailed(Exception e) => _recovered.TrySetException(e);

    public ChannelReader<QueuedImport> Queue => _queue.Reader;

    public void Enqueue(QueuedImport import)
    {
        _running[import.JobId] = (new ImportReport(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(import);
    }

    public ImportReport? Live(string jobId) => _running.TryGetValue(jobId, out var running) ? running.Report : null;

    public void Finished(string jobId)
    {
        if (_running.TryRemove(jobId, out var running)) running.Done.TrySetResult();
    }

    /// <summary>Waits up to <paramref name="wait"/> for the job to finish; true when it did.</summary>
    public async Task<bool> WaitAsync(string jobId, TimeSpan wait, CancellationToken ct)
    {
        if (!_running.TryGetValue(jobId, out var running)) return true;
        try
        {
            await running.Done.Task.WaitAsync(wait, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>
/// Runs queued imports one after another, each in its own scope, from the file its upload was spooled to; the file is
/// removed and this node's hold on the job released when the job ends. On start it fails the jobs a previous run
/// of the service, or another node that is gone, left unfinished; a live node's jobs are its own.
/// </summary>
public sealed class ImportWorker(ImportJobs jobs, IServiceScopeFactory scopes, ILogger<ImportWorker> logger) : BackgroundService
{
    /// <summary>
    /// The recovery is a write like any other, and a service whose writers already fill the queue refuses it
    /// (WriteQueueFullException). It waits a second and tries again rather than fail: a failure here stops the host,
    /// so a burst of writes at start-up (or a test holding the writer slot) took the whole service down.
    /// </summary>
    private async Task<int> FailInterruptedAsync(ImportJobStore store, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await store.FailInterruptedAsync(ct);
            }
            catch (Data.WriteQueueFullException e)
            {
                logger.LogInformation("Import job recovery waits for the write queue ({Reason})", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                var interrupted = await FailInterruptedAsync(scope.ServiceProvider.GetRequiredService<ImportJobStore>(), stoppingToken);
                if (interrupted > 0) logger.LogWarning("{Count} import job(s) left unfinished by a stopped service were marked failed", interrupted);
                jobs.RecoveryDone(interrupted);
            }
            catch (Exception e)
            {
                jobs.RecoveryFailed(e);
                throw;
            }
        }
        await foreach (var import in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(import, stoppingToken);
            }
            finally
            {
                jobs.Finished(import.JobId);
                TryDelete(import.SpoolPath);
                // After the job's end is written, so no node that checks it finds it without a runner and unfinished.
                await import.Hold.DisposeAsync();
            }
        }
    }

    private async Task RunAsync(QueuedImport import, CancellationToken ct)
    {
        var report = jobs.Live(import.JobId)!;
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ImportJobStore>();
        try
        {
            await store.StartAsync(import.JobId, ct);
            await using var file = new FileStream(import.SpoolPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(file, import.Settings, import.Write, report, ct);
            await store.FinishAsync(import.JobId, "succeeded", report, null, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await FailAsync(scopes, import.JobId, report, "The service stopped before the import finished. Records written before then stay; run the same import again to finish it.");
        }
        catch (ImportRefusedException refused)
        {
            await FailAsync(scopes, import.JobId, report, refused.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Import job {JobId} failed", import.JobId);
            await FailAsync(scopes, import.JobId, report, "The import stopped on an unexpected error (logged by the service). Records written before then stay; run it again to finish it.");
        }
    }

    private static async Task FailAsync(IServiceScopeFactory scopes, string jobId, ImportReport report, string message)
    {
        // A fresh scope: the failed one may hold a transaction that is rolling back.
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ImportJobStore>().FinishAsync(jobId, "failed", report, message, CancellationToken.None);
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException e) { logger.LogWarning(e, "Could not remove the import spool file {Path}", path); }
    }
}
