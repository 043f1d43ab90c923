using System.Security.Cryptography;
using System.Text;

namespace StatementTracker.Api.Data;

/// <summary>
/// The advisory lock keys of a PostgreSQL database: one write lock per schema the service lives in, its migrations'
/// lock, and one lock per import job, held by the node running the job.
/// </summary>
public static class PostgresLocks
{
    /// <summary>
    /// A stable 64-bit key from the connection's search path, so every node configured alike takes the same lock, and
    /// services kept apart in different schemas of one database (the tests, for one) do not wait for each other.
    /// </summary>
    public static long KeyFor(string? searchPath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("statementtracker:write:" + (searchPath ?? "").Trim()));
        return BitConverter.ToInt64(hash, 0);
    }

    /// <summary>The key migrations take, so two nodes starting together apply each file once.</summary>
    public static long MigrationKeyFor(string? searchPath) => KeyFor(searchPath) ^ 0x5EED;

    /// <summary>
    /// The key of one import job in the schema: the node that accepted the job holds it while the job is queued or
    /// running, so another node can tell a job whose node is gone (it gets the lock) from one still at work
    /// (Imports/ImportJobLocks.cs). Its own prefix keeps it apart from the write and migration keys.
    /// </summary>
    public static long JobKeyFor(string? searchPath, string jobId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("statementtracker:import-job:" + (searchPath ?? "").Trim() + ":" + jobId));
        return BitConverter.ToInt64(hash, 0);
    }
}
