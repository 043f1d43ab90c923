namespace StatementTracker.Api.Dump;

/// <summary>
/// <c>restore FILE</c>: loads a dump (what <c>GET /v1/export</c> answers) into the database the service would use,
/// after migrating it, then exits. The database must be empty: a new file, or one that holds keys and nothing else.
/// <c>restore -</c> reads the dump from standard input, so a dump can be piped from one service into another.
/// </summary>
public static class RestoreCommand
{
    /// <summary>Exit codes: restored, refused (nothing was written), and a command line that makes no sense.</summary>
    public const int Ok = 0, Failed = 1, Usage = 2;

    /// <summary>Whether the command line asks for this command: its first word is "restore".</summary>
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "restore";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await error.WriteLineAsync("usage: restore FILE   (a dump from GET /v1/export, into an empty database; - reads standard input)");
            return Usage;
        }
        var file = args[1] == "-" ? null : Path.GetFullPath(args[1]);
        if (file is not null && !File.Exists(file))
        {
            await error.WriteLineAsync($"There is no file at {file} to restore.");
            return Usage;
        }

        await using var scope = services.CreateAsyncScope();
        var restorer = scope.ServiceProvider.GetRequiredService<DumpRestorer>();
        await using var dump = file is null ? Console.OpenStandardInput() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var outcome = await restorer.RestoreAsync(dump, ct);
        if (!outcome.Restored)
        {
            // One line a script can show as it is; the database is as it was.
            await error.WriteLineAsync($"Nothing was restored: {outcome.Failure.Message}");
            return Failed;
        }
        await output.WriteLineAsync($"Restored {outcome.Counts.Values.Sum():N0} rows from {file ?? "standard input"}:");
        foreach (var (table, count) in outcome.Counts) await output.WriteLineAsync($"  {table,-20} {count,10:N0}");
        return Ok;
    }
}
