namespace StatementTracker.Api;

/// <summary>The service's settings, bound once from the <c>StatementTracker</c> configuration section.</summary>
public sealed class StatementTrackerOptions
{
    public const string Section = "StatementTracker";
    public const string ConnectionStringName = "StatementTracker";
    public const string DefaultConnectionString = "Data Source=statementtracker.db";

    /// <summary>
    /// The engine: <c>sqlite</c> (the default, a file named by the connection string) or <c>postgres</c> (an Npgsql
    /// connection string under ConnectionStrings:StatementTracker; several nodes may share it).
    /// </summary>
    public string Database { get; set; } = "sqlite";

    /// <summary>The engine <see cref="Database"/> names; a name it does not know stops the service at start-up.</summary>
    public Data.DatabaseEngine Engine => Database.Trim().ToLowerInvariant() switch
    {
        "sqlite" or "" => Data.DatabaseEngine.Sqlite,
        "postgres" or "postgresql" => Data.DatabaseEngine.Postgres,
        _ => throw new InvalidOperationException($"StatementTracker:Database is '{Database}'; it must be 'sqlite' or 'postgres'."),
    };

    /// <summary>Fill an empty database with the July 2017 demo story. Null means "only in Development".</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Serve Swagger UI at /swagger and the document at /swagger/v1/swagger.json.</summary>
    public bool EnableSwagger { get; set; } = true;

    /// <summary>Request bodies above this size are refused with 413 before any of them is parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Writes run one at a time; this many may wait for their turn before another is refused with 503 and Retry-After.
    /// </summary>
    public int WriteQueueLimit { get; set; } = 256;

    /// <summary>
    /// SQLite: writes that queued behind one another share one transaction, each in its own savepoint, and one commit
    /// (one fsync); each is still answered only once that commit is durable. PostgreSQL commits every write alone.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The largest file POST /v1/imports takes (it is spooled to disk, never held in memory); the command line has no limit.</summary>
    public long MaxImportBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Where uploads wait for their import job; the system's temporary folder when unset.</summary>
    public string? ImportSpoolDirectory { get; set; }

    /// <summary>How deeply a request body's JSON may nest; deeper is a 400 before any of it is bound.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>
    /// The key that signs list cursors, base64 of at least 32 random bytes. Unset, the service makes one and keeps it
    /// in the database, which is what every node on that database then uses; set it to choose the key yourself.
    /// </summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// Memory for answers to reads, in bytes (16 MB by default): each is kept under the data version it was read at and
    /// served until any write changes the database (Caching/ReadCache.cs). No answer over a sixteenth of this, or
    /// over 1 MB, is kept. 0 turns the cache off. A full cache costs the process more than its budget (the bodies are
    /// large objects the GC does not move): at 64 MB a crawl of one timeline took 80 MB more resident memory than the
    /// same crawl uncached, and over the 1M bench's sequence 16 MB peaked 22 MB below 32 MB. 16 MB holds some 300
    /// timeline pages of 50, far more than a burst of traffic repeats.
    /// </summary>
    public long ReadCacheBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// SQLite: a soft limit, in bytes, on the memory SQLite holds for all the service's connections together (16 MB by
    /// default). Each open connection keeps its own page cache (2 MB at SQLite's default), and a busy service holds
    /// one connection per request in flight; above this limit a connection reuses its least recently used pages
    /// rather than take more. The file's pages stay in the operating system's cache either way. 0 lifts the limit.
    /// Measured on the 1M bench database (bench/ab_cpu.sh, cache off): 16 MB reads as fast as 32 MB and peaks about
    /// 20 MB lower; 8 MB peaks 17 MB lower still but doubles the CPU a topic's positions take.
    /// </summary>
    public long SqliteMemoryBytes { get; set; } = 16L * 1024 * 1024;
}
