using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Data;

/// <summary>
/// The backup command: a consistent copy of the live database through SQLite's online backup API, taken while
/// the service goes on serving (WAL lets it read a snapshot while writers write). Restore by stopping the
/// service and putting the copy in place of the database file (removing any -wal and -shm files beside it).
/// </summary>
public static class Backup
{
    public static async Task<int> RunAsync(Db db, string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await error.WriteLineAsync("usage: backup FILE   (a consistent copy of the database, taken while the service runs)");
            return 2;
        }
        if (db.Engine != DatabaseEngine.Sqlite)
        {
            await error.WriteLineAsync("backup copies the SQLite file; on PostgreSQL use pg_dump, or GET /v1/export for a dump any engine restores.");
            return 2;
        }
        var target = Path.GetFullPath(args[1]);
        if (File.Exists(target))
        {
            await error.WriteLineAsync($"{target} exists already; choose a new file so no backup is overwritten.");
            return 2;
        }
        if (!File.Exists(db.DataSource))
        {
            await error.WriteLineAsync($"There is no database at {db.DataSource} to back up; run the command where the service runs, or set ConnectionStrings__StatementTracker.");
            return 2;
        }
        await using var source = (SqliteConnection)await db.OpenAsync();
        await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            await destination.OpenAsync();
            source.BackupDatabase(destination);
        }
        await using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await check.OpenAsync();
        await using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var integrity = (string?)await command.ExecuteScalarAsync();
        if (integrity != "ok")
        {
            await error.WriteLineAsync($"The copy at {target} failed its integrity check: {integrity}");
            return 1;
        }
        await output.WriteLineAsync($"Backed up {db.DataSource} to {target} ({new FileInfo(target).Length:N0} bytes, integrity ok).");
        return 0;
    }
}
